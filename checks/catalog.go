// Package checks is kubeassay's evaluation engine: it reads the Rego checks
// and their METADATA into a catalogue, compiles them once, and evaluates
// objects against them, producing findings.
package checks

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
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
	// File names the module: its path inside the policy file system for a
	// built-in check, its path under the directory as it was given for a
	// check of a policy directory ("my-policies/pod/pull/pull.rego").
	File string
	// PolicyDir is the policy directory (PolicyDir.Path) the check was
	// loaded from; "" for a built-in check.
	PolicyDir string
	// Path is the module's path inside its tree (the built-in policies or
	// its policy directory): "pod/pull/pull.rego".
	Path string
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

// PolicyDir is a directory of checks of one's own (kubeassay scan
// --policy-dir), laid out as the built-in policies tree: each check a
// module with its METADATA, validated as the built-in ones are, beside
// library modules of its own if it needs them.
type PolicyDir struct {
	// Path is the directory as it was given: its files are named under it
	// (File), in Check.File and in every message.
	Path string
	// FS holds the directory's files.
	FS fs.FS
}

// File names the directory's file p (a path inside FS) as the catalogue
// and its messages do: under Path, as it was given.
func (d PolicyDir) File(p string) string {
	if d.Path == "" {
		return p
	}
	return strings.TrimSuffix(filepath.ToSlash(d.Path), "/") + "/" + p
}

// LoadCatalog parses every .rego module in fsys, the built-in tree, and in
// each policy directory (skipping *_test.rego), validates the METADATA of
// each check module and compiles them all together: a check of a policy
// directory may use the built-in library. It returns an error naming the
// file for a module that does not parse, a check whose METADATA lacks a
// required field, two checks with the same id (a check of a policy
// directory that takes a built-in check's id, or another directory's), and
// a module of a policy directory in a package of the built-in tree or of
// another directory (it would change their rules).
func LoadCatalog(fsys fs.FS, dirs ...PolicyDir) (*Catalog, error) {
	modules := map[string]*ast.Module{}
	files, err := parseModules(fsys, func(p string) string { return p }, modules)
	if err != nil {
		return nil, fmt.Errorf("load policies: %w", err)
	}
	// The package of every module, and the tree (0: built in, i+1: the
	// i-th policy directory) it belongs to.
	type owner struct {
		file  string
		layer int
	}
	packages := map[string]owner{}
	for _, f := range files {
		if pkg := modules[f].Package.Path.String(); packages[pkg].file == "" {
			packages[pkg] = owner{f, 0}
		}
	}
	dirOf := map[string]PolicyDir{}
	var problems []string
	for i, d := range dirs {
		dfiles, err := parseModules(d.FS, d.File, modules)
		if err != nil {
			return nil, fmt.Errorf("load policies: --policy-dir %s: %w", d.Path, err)
		}
		for _, f := range dfiles {
			dirOf[f] = d
			pkg := modules[f].Package.Path.String()
			prev, taken := packages[pkg]
			switch {
			case !taken:
				packages[pkg] = owner{f, i + 1}
			case prev.layer == 0:
				problems = append(problems, fmt.Sprintf("%s: package %s is the built-in module %s's: the modules of a policy directory need packages of their own", f, strings.TrimPrefix(pkg, "data."), prev.file))
			case prev.layer != i+1:
				problems = append(problems, fmt.Sprintf("%s: package %s is already that of %s, in --policy-dir %s: the modules of a policy directory need packages of their own", f, strings.TrimPrefix(pkg, "data."), prev.file, dirs[prev.layer-1].Path))
			}
		}
		files = append(files, dfiles...)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("invalid checks:\n  %s", strings.Join(problems, "\n  "))
	}
	cat, err := newCatalog(modules, files, dirOf)
	if err != nil {
		return nil, err
	}
	if cat.placeholders, err = loadPlaceholders(fsys); err != nil {
		return nil, fmt.Errorf("load policies: %w", err)
	}
	return cat, nil
}

// parseModules parses the .rego modules of fsys but the tests into
// modules, each under its name (name of its path), and returns their names,
// sorted by path. A name already taken (by a module of another tree) is an
// error.
func parseModules(fsys fs.FS, name func(string) string, modules map[string]*ast.Module) ([]string, error) {
	var files []string
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
		file := name(p)
		if _, taken := modules[file]; taken {
			return fmt.Errorf("%s: a module of that name is already loaded: give the directory another path", file)
		}
		m, err := ast.ParseModuleWithOpts(file, string(src), ast.ParserOptions{
			ProcessAnnotation: true,
			RegoVersion:       ast.RegoV1,
		})
		if err != nil {
			return err
		}
		modules[file] = m
		files = append(files, file)
		return nil
	})
	sort.Strings(files)
	return files, err
}

// newCatalog reads the checks of modules in the order of files (the
// built-in tree first, then each policy directory's, dirOf saying which of
// those a file is of) and compiles the modules.
func newCatalog(modules map[string]*ast.Module, files []string, dirOf map[string]PolicyDir) (*Catalog, error) {
	cat := &Catalog{byID: map[string]*Check{}, modules: modules}
	var problems []string
	for _, f := range files {
		m := modules[f]
		pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
		if !strings.HasPrefix(pkg, packagePrefix) {
			if hasCheckMetadata(m) {
				problems = append(problems, fmt.Sprintf("%s: package %s has a check's METADATA (custom.id), but only a package under %s is a check", f, pkg, packagePrefix))
			}
			continue // a library module
		}
		ch, err := checkFromModule(f, pkg, m)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		ch.Path = f
		if d, ok := dirOf[f]; ok {
			ch.PolicyDir = d.Path
			ch.Path = strings.TrimPrefix(f, d.File(""))
		}
		if prev, dup := cat.byID[ch.ID]; dup {
			if prev.PolicyDir == "" && ch.PolicyDir != "" {
				problems = append(problems, fmt.Sprintf("%s: check id %s is a built-in check's (%s): a check of a policy directory needs an id of its own", f, ch.ID, prev.File))
			} else {
				problems = append(problems, fmt.Sprintf("%s: check id %s is already used by %s", f, ch.ID, prev.File))
			}
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

// hasCheckMetadata reports whether a module's package-scoped METADATA gives
// a check id, as only a check's does.
func hasCheckMetadata(m *ast.Module) bool {
	for _, an := range m.Annotations {
		if an.Scope == "package" && an.Custom["id"] != nil {
			return true
		}
	}
	return false
}

// Defines reports whether the check's module defines the rule (deny, warn,
// skip, unknown or risk).
func (ch *Check) Defines(rule string) bool { return ch.rules[rule] }

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
