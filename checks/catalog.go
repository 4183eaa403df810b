// Package checks is kubeassay's evaluation engine: it reads the Rego checks
// and their METADATA into a catalogue, compiles them once, and evaluates
// objects against them, producing findings.
package checks

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Subjects say what a check is evaluated on.
const (
	// SubjectPod checks see a Pod built from a workload's pod template and
	// are evaluated once per distinct template.
	SubjectPod = "pod"
	// SubjectObject checks see each object of the kinds they list.
	SubjectObject = "object"
	// SubjectInventory checks are evaluated once per scan, after every
	// document was read, on the objects of the kinds they list, indexed
	// (see inventoryInput); each finding names the object it is about.
	SubjectInventory = "inventory"
)

// Severities, most severe first.
var Severities = []string{"critical", "high", "medium", "low", "info"}

// ValidSeverity reports whether s is one of Severities.
func ValidSeverity(s string) bool { return slices.Contains(Severities, s) }

// packagePrefix is where every check's package lives.
const packagePrefix = "kubeassay.checks."

// Check is one Rego check as its METADATA describes it.
type Check struct {
	ID          string
	Title       string
	Description string
	Severity    string
	Remediation string
	References  []Reference
	Subject     string
	// Kinds lists the kinds (group and name) an object check applies to,
	// or an inventory check reads, sorted by name; for pod checks it is the
	// workload kinds.
	Kinds []GroupKind
	// EveryKind, for an inventory check with custom.kinds ["*"] and
	// custom.namespaces, is a check of every namespaced kind in those
	// namespaces: from a cluster, every kind it serves there, listed as
	// metadata (Kinds is then empty).
	EveryKind bool
	// Namespaces, for an inventory check that sets custom.namespaces, are
	// the only namespaces whose objects it reads (objects that name no
	// namespace too: they could be applied to any). Empty: every namespace.
	Namespaces []string
	// SkipOwned, for an inventory check that sets custom.skip_owned: true,
	// leaves out the objects a controller owns (an ownerReference with
	// controller: true): the check judges their controller.
	SkipOwned bool
	// Absence, for an inventory check that sets custom.absence: true, says
	// that its findings claim something is missing (a namespace with no
	// NetworkPolicy): an object of another of its kinds, had it been read,
	// could disprove them, so a kind it reads that could not be read leaves
	// them unproven (the control is ERROR, not FAIL).
	Absence bool
	// Package is the Rego package, e.g. "kubeassay.checks.pod.privileged".
	Package string
	// File is the module's path inside the policy file system.
	File string
	// rules records which of deny, warn, skip and unknown the module
	// defines: skip says the input is not the check's to judge (SKIP),
	// unknown that data it needs could not be read (ERROR).
	rules map[string]bool
}

// Reference is a link to the source that motivates a check.
type Reference struct {
	URL         string
	Description string
}

// Catalog is every check and the compiled Rego that implements them.
type Catalog struct {
	Checks   []*Check // sorted by ID
	byID     map[string]*Check
	compiler *ast.Compiler
	modules  map[string]*ast.Module
	// placeholders are the names the pod checks only print
	// (PlaceholdersFile); nil when the tree lists none.
	placeholders *placeholders
}

// Check returns the check with the given id.
func (c *Catalog) Check(id string) (*Check, bool) {
	ch, ok := c.byID[id]
	return ch, ok
}

// Modules returns the parsed modules (tests excluded) keyed by file name.
func (c *Catalog) Modules() map[string]*ast.Module { return c.modules }

// LoadCatalog parses every .rego module in fsys (skipping *_test.rego),
// validates the METADATA of each check module and compiles them all. It
// returns an error naming the file for a module that does not parse, a check
// whose METADATA lacks a required field, or two checks with the same id.
func LoadCatalog(fsys fs.FS) (*Catalog, error) {
	modules := map[string]*ast.Module{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || path.Ext(p) != ".rego" || strings.HasSuffix(p, "_test.rego") {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		m, err := ast.ParseModuleWithOpts(p, string(src), ast.ParserOptions{
			ProcessAnnotation: true,
			RegoVersion:       ast.RegoV1,
		})
		if err != nil {
			return err
		}
		modules[p] = m
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load policies: %w", err)
	}
	cat, err := newCatalog(modules)
	if err != nil {
		return nil, err
	}
	if cat.placeholders, err = loadPlaceholders(fsys); err != nil {
		return nil, fmt.Errorf("load policies: %w", err)
	}
	return cat, nil
}

func newCatalog(modules map[string]*ast.Module) (*Catalog, error) {
	cat := &Catalog{byID: map[string]*Check{}, modules: modules}
	files := make([]string, 0, len(modules))
	for f := range modules {
		files = append(files, f)
	}
	sort.Strings(files)
	var problems []string
	for _, f := range files {
		m := modules[f]
		pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
		if !strings.HasPrefix(pkg, packagePrefix) {
			continue // a library module
		}
		ch, err := checkFromModule(f, pkg, m)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if prev, dup := cat.byID[ch.ID]; dup {
			problems = append(problems, fmt.Sprintf("%s: check id %s is already used by %s", f, ch.ID, prev.File))
			continue
		}
		cat.byID[ch.ID] = ch
		cat.Checks = append(cat.Checks, ch)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("invalid checks:\n  %s", strings.Join(problems, "\n  "))
	}
	sort.Slice(cat.Checks, func(i, j int) bool { return cat.Checks[i].ID < cat.Checks[j].ID })

	c := ast.NewCompiler().WithStrict(true).WithBuiltins(builtins())
	c.Compile(modules)
	if c.Failed() {
		return nil, fmt.Errorf("compile policies: %w", c.Errors)
	}
	if problems := undeclaredReads(c, cat.Checks); len(problems) > 0 {
		return nil, fmt.Errorf("invalid checks:\n  %s", strings.Join(problems, "\n  "))
	}
	cat.compiler = c
	return cat, nil
}

// checkFromModule reads a check's package-scoped METADATA.
func checkFromModule(file, pkg string, m *ast.Module) (*Check, error) {
	var a *ast.Annotations
	for _, an := range m.Annotations {
		if an.Scope == "package" {
			a = an
		}
	}
	if a == nil {
		return nil, fmt.Errorf("%s: package %s has no METADATA block above its package line", file, pkg)
	}
	str := func(key string) string {
		s, _ := a.Custom[key].(string)
		return strings.TrimSpace(s)
	}
	ch := &Check{
		ID:          str("id"),
		Title:       strings.TrimSpace(a.Title),
		Description: strings.TrimSpace(a.Description),
		Severity:    str("severity"),
		Remediation: str("remediation"),
		Subject:     str("subject"),
		Package:     pkg,
		File:        file,
	}
	ch.rules = map[string]bool{}
	for _, r := range m.Rules {
		name := r.Head.Ref().String()
		switch name {
		case "deny", "warn":
			if r.Head.RuleKind() != ast.MultiValue {
				return nil, fmt.Errorf("%s:%d: %s must be a set (%s contains finding if ...)", file, r.Location.Row, name, name)
			}
		case "skip", "unknown":
			if r.Head.RuleKind() != ast.SingleValue {
				return nil, fmt.Errorf("%s:%d: %s must be a single value (%s := \"reason\" if ...)", file, r.Location.Row, name, name)
			}
		case "risk": // an RBAC risk (rbacrisks.go)
			if r.Head.RuleKind() != ast.SingleValue {
				return nil, fmt.Errorf("%s:%d: risk must be a single value (risk := [{\"what\", \"where\", \"any_of\"}, ...])", file, r.Location.Row)
			}
		default:
			continue
		}
		ch.rules[name] = true
	}
	if !ch.rules["deny"] && !ch.rules["warn"] {
		return nil, fmt.Errorf("%s: package %s defines neither deny nor warn", file, pkg)
	}
	for _, r := range a.RelatedResources {
		ch.References = append(ch.References, Reference{URL: r.Ref.String(), Description: r.Description})
	}
	var missing []string
	for _, f := range []struct{ name, val string }{
		{"custom.id", ch.ID}, {"title", ch.Title}, {"description", ch.Description},
		{"custom.severity", ch.Severity}, {"custom.remediation", ch.Remediation}, {"custom.subject", ch.Subject},
	} {
		if f.val == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s: METADATA lacks %s", file, strings.Join(missing, ", "))
	}
	if extra := unknownCustom(a.Custom); len(extra) > 0 {
		return nil, fmt.Errorf("%s: check %s: METADATA has %s, which kubeassay does not read (controls map checks in benchmarks/<id>/benchmark.yaml)", file, ch.ID, strings.Join(extra, ", "))
	}
	if !ValidSeverity(ch.Severity) {
		return nil, fmt.Errorf("%s: check %s: severity %q is not one of %s", file, ch.ID, ch.Severity, strings.Join(Severities, ", "))
	}
	kinds, err := stringList(a.Custom["kinds"])
	if err != nil {
		return nil, fmt.Errorf("%s: check %s: custom.kinds: %w", file, ch.ID, err)
	}
	switch ch.Subject {
	case SubjectPod:
		if len(kinds) > 0 {
			return nil, fmt.Errorf("%s: check %s: a pod check applies to every workload kind; drop custom.kinds", file, ch.ID)
		}
		ch.Kinds = WorkloadKinds()
	case SubjectInventory, SubjectObject:
		if len(kinds) == 1 && kinds[0] == "*" {
			if ch.Subject != SubjectInventory {
				return nil, fmt.Errorf("%s: check %s: custom.kinds [\"*\"] is for inventory checks", file, ch.ID)
			}
			ch.EveryKind = true
			break
		}
		if len(kinds) == 0 {
			return nil, fmt.Errorf("%s: check %s: an %s check must list custom.kinds", file, ch.ID, ch.Subject)
		}
		for _, k := range kinds {
			gk, err := ParseKind(k)
			if err != nil {
				return nil, fmt.Errorf("%s: check %s: custom.kinds: %w", file, ch.ID, err)
			}
			if !slices.Contains(ch.Kinds, gk) {
				ch.Kinds = append(ch.Kinds, gk)
			}
		}
		sortKinds(ch.Kinds)
	default:
		return nil, fmt.Errorf("%s: check %s: subject %q is not %q, %q or %q", file, ch.ID, ch.Subject, SubjectPod, SubjectObject, SubjectInventory)
	}
	if ch.Namespaces, err = stringList(a.Custom["namespaces"]); err != nil {
		return nil, fmt.Errorf("%s: check %s: custom.namespaces: %w", file, ch.ID, err)
	}
	if len(ch.Namespaces) > 0 && ch.Subject != SubjectInventory {
		return nil, fmt.Errorf("%s: check %s: custom.namespaces is for inventory checks", file, ch.ID)
	}
	if ch.EveryKind && len(ch.Namespaces) == 0 {
		return nil, fmt.Errorf("%s: check %s: custom.kinds [\"*\"] needs custom.namespaces (every kind of every namespace is the whole cluster)", file, ch.ID)
	}
	switch v := a.Custom["skip_owned"].(type) {
	case nil:
	case bool:
		if v && ch.Subject != SubjectInventory {
			return nil, fmt.Errorf("%s: check %s: custom.skip_owned is for inventory checks", file, ch.ID)
		}
		ch.SkipOwned = v
	default:
		return nil, fmt.Errorf("%s: check %s: custom.skip_owned: want true or false, got %v", file, ch.ID, v)
	}
	switch v := a.Custom["absence"].(type) {
	case nil:
	case bool:
		if v && (ch.Subject != SubjectInventory || len(ch.Kinds) < 2) {
			return nil, fmt.Errorf("%s: check %s: custom.absence is for inventory checks of two kinds or more (what is missing, and where)", file, ch.ID)
		}
		ch.Absence = v
	default:
		return nil, fmt.Errorf("%s: check %s: custom.absence: want true or false, got %v", file, ch.ID, v)
	}
	return ch, nil
}

func stringList(v any) ([]string, error) {
	if v == nil {
		return nil, nil
	}
	items, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("want a list of strings, got %T", v)
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		s, ok := it.(string)
		if !ok || s == "" {
			return nil, fmt.Errorf("want a list of strings, got an item %v", it)
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out, nil
}
