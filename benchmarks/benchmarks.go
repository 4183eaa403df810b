// Package benchmarks loads benchmark versions: the controls of a published
// benchmark (CIS, NSA/CISA, OWASP, Pod Security Standards), grouped in
// sections and mapped onto the Rego checks that decide them. Each version is
// a directory <id>/ holding benchmark.yaml; see docs/benchmarks.md.
package benchmarks

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/kubeassay/kubeassay/checks"
)

// builtin holds the benchmark definitions shipped with kubeassay.
//
//go:embed */benchmark.yaml
var builtin embed.FS

// Benchmark is one version of a benchmark.
type Benchmark struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Version     string `json:"version"`
	Source      Source `json:"source"`
	Description string `json:"description"`
	Extends     string `json:"extends,omitempty"`
	// Overrides change controls inherited through Extends, by id.
	Overrides []ControlPatch `json:"overrides,omitempty"`
	// Remove drops controls inherited through Extends, by id.
	Remove   []string  `json:"remove,omitempty"`
	Sections []Section `json:"sections"`
	Controls []Control `json:"controls"`
	// File is where the definition was read from.
	File string `json:"-"`
	// PolicyDir is the policy directory (--policy-dir) the definition was
	// read from; empty for a built-in benchmark.
	PolicyDir string `json:"policyDir,omitempty"`
}

// Source names the document a benchmark follows.
type Source struct {
	Document string `json:"document"`
	URL      string `json:"url,omitempty"`
}

// Section groups controls, as the source document does.
type Section struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Control is one recommendation of the benchmark.
type Control struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Section string `json:"section"`
	// Automated: kubeassay decides the control from its checks.
	Automated bool `json:"automated"`
	// Assessment is the document's own marking, "automated" or "manual"
	// (CIS calls it the assessment status); empty for documents that have
	// none. It differs from Automated where kubeassay decides from real
	// data what the document leaves to a person, or where the document's
	// automated procedure reads the cloud account, which kubeassay does not.
	Assessment string   `json:"assessment,omitempty"`
	Severity   string   `json:"severity"`
	Checks     []string `json:"checks,omitempty"`
	// Audit is the procedure a person follows for a manual control.
	Audit string `json:"audit,omitempty"`
	// Remediation, when set, replaces the remediation of the checks.
	Remediation string `json:"remediation,omitempty"`
	// From names the benchmark the control was inherited from, and whether
	// an override changed it; empty for a control defined in place.
	From string `json:"-"`
}

// ControlPatch changes an inherited control: every field that is set
// replaces the inherited one.
type ControlPatch struct {
	ID          string    `json:"id"`
	Title       *string   `json:"title,omitempty"`
	Section     *string   `json:"section,omitempty"`
	Automated   *bool     `json:"automated,omitempty"`
	Assessment  *string   `json:"assessment,omitempty"`
	Severity    *string   `json:"severity,omitempty"`
	Checks      *[]string `json:"checks,omitempty"`
	Audit       *string   `json:"audit,omitempty"`
	Remediation *string   `json:"remediation,omitempty"`
}

// Catalog is what the loader needs of the checks.
type Catalog interface {
	Check(id string) (*checks.Check, bool)
}

// BuiltinFS holds the benchmark definitions shipped with kubeassay.
func BuiltinFS() fs.FS { return builtin }

// LoadBuiltin loads the benchmarks shipped with kubeassay.
func LoadBuiltin(cat Catalog) ([]*Benchmark, error) { return Load(builtin, cat) }

// Load reads every <id>/benchmark.yaml in fsys, resolves extends, and
// validates each definition against the checks in cat. The benchmarks are
// returned sorted by id.
func Load(fsys fs.FS, cat Catalog) ([]*Benchmark, error) { return LoadTrees(cat, Tree{FS: fsys}) }

// Tree is a tree of benchmark definitions, <id>/benchmark.yaml: the
// built-in one, or the benchmarks/ of a policy directory.
type Tree struct {
	FS fs.FS
	// Path is where the tree's files are named from, in Benchmark.File and
	// in messages ("my-policies/benchmarks"); "" for the built-in tree.
	Path string
	// PolicyDir is the policy directory the tree is of (Benchmark.PolicyDir);
	// "" for the built-in tree.
	PolicyDir string
}

// LoadTrees reads the benchmark definitions of every tree, the built-in
// one first, as Load does: a benchmark may extend one of any tree, and may
// map the checks of any (cat holds them all). A benchmark id that a tree
// before defines already is an error naming both files. The benchmarks are
// returned tree by tree, each tree's sorted by id.
func LoadTrees(cat Catalog, trees ...Tree) ([]*Benchmark, error) {
	byID := map[string]*Benchmark{}
	var all []*Benchmark
	var problems []error
	for _, t := range trees {
		files, err := fs.Glob(t.FS, "*/benchmark.yaml")
		if err != nil {
			return nil, err
		}
		sort.Strings(files)
		for _, f := range files {
			name := f
			if t.Path != "" {
				name = strings.TrimSuffix(t.Path, "/") + "/" + f
			}
			b, err := parse(t.FS, f, name)
			if err != nil {
				problems = append(problems, err)
				continue
			}
			b.PolicyDir = t.PolicyDir
			if dir := path.Dir(f); b.ID != dir {
				problems = append(problems, fmt.Errorf("%s: id %q does not match its directory %q", name, b.ID, dir))
				continue
			}
			if prev, dup := byID[b.ID]; dup {
				whose := "already defined by " + prev.File
				if prev.PolicyDir == "" {
					whose = "a built-in benchmark's (" + prev.File + ")"
				}
				problems = append(problems, fmt.Errorf("%s: benchmark id %q is %s: a benchmark of a policy directory needs an id of its own", name, b.ID, whose))
				continue
			}
			byID[b.ID] = b
			all = append(all, b)
		}
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	resolved := make([]*Benchmark, 0, len(all))
	for _, b := range all {
		r, err := resolve(b, byID, nil)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		if err := validate(r, cat); err != nil {
			problems = append(problems, err)
			continue
		}
		resolved = append(resolved, r)
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	return resolved, nil
}

// parse reads the definition at file in fsys, named name.
func parse(fsys fs.FS, file, name string) (*Benchmark, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	var b Benchmark
	if err := yaml.UnmarshalStrict(data, &b); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	b.File = name
	return &b, nil
}

// resolve returns b with the sections and controls of the benchmark it
// extends placed before its own: the inherited controls in the parent's
// order, less those b removes and with b's overrides applied, then b's own.
// Title and source are inherited when b leaves them empty; version and
// description never are. An inherited section left without controls by
// the removals is dropped.
func resolve(b *Benchmark, byID map[string]*Benchmark, chain []string) (*Benchmark, error) {
	if b.Extends == "" {
		if len(b.Overrides) > 0 || len(b.Remove) > 0 {
			return nil, fmt.Errorf("%s: overrides and remove change inherited controls, and need extends", b.File)
		}
		return b, nil
	}
	for _, id := range chain {
		if id == b.ID {
			return nil, fmt.Errorf("%s: extends forms a cycle: %s -> %s", b.File, strings.Join(chain, " -> "), b.ID)
		}
	}
	parent, ok := byID[b.Extends]
	if !ok {
		return nil, fmt.Errorf("%s: extends unknown benchmark %q", b.File, b.Extends)
	}
	p, err := resolve(parent, byID, append(chain, b.ID))
	if err != nil {
		return nil, err
	}
	controls, err := inherit(b, p)
	if err != nil {
		return nil, err
	}
	out := *b
	if out.Title == "" {
		out.Title = p.Title
	}
	if out.Source == (Source{}) {
		out.Source = p.Source
	}
	out.Overrides, out.Remove = nil, nil
	out.Sections = append(keptSections(p, controls), b.Sections...)
	out.Controls = append(controls, b.Controls...)
	return &out, nil
}

// inherit returns the resolved parent p's controls as b inherits them.
func inherit(b, p *Benchmark) ([]Control, error) {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	inParent := map[string]bool{}
	for _, c := range p.Controls {
		inParent[c.ID] = true
	}
	removed := map[string]bool{}
	for _, id := range b.Remove {
		switch {
		case !inParent[id]:
			bad("remove: control %q is not in %s", id, p.ID)
		case removed[id]:
			bad("remove: control %q is listed twice", id)
		}
		removed[id] = true
	}
	patches := map[string]ControlPatch{}
	for i, o := range b.Overrides {
		switch {
		case o.ID == "":
			bad("overrides #%d: missing id", i+1)
		case !inParent[o.ID]:
			bad("overrides: control %q is not in %s", o.ID, p.ID)
		case removed[o.ID]:
			bad("overrides: control %q is also removed", o.ID)
		case patches[o.ID].ID != "":
			bad("overrides: control %q is overridden twice", o.ID)
		case o == ControlPatch{ID: o.ID}:
			bad("overrides: control %q changes nothing", o.ID)
		}
		patches[o.ID] = o
	}
	for _, c := range b.Controls {
		if inParent[c.ID] && !removed[c.ID] {
			bad("control %q is inherited from %s; change it under overrides", c.ID, p.ID)
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s: %s", b.File, strings.Join(problems, "; "))
	}
	controls := make([]Control, 0, len(p.Controls))
	for _, c := range p.Controls {
		if removed[c.ID] {
			continue
		}
		c.Checks = append([]string(nil), c.Checks...)
		c.From = p.ID
		if o, ok := patches[c.ID]; ok {
			c = o.apply(c)
			c.From = p.ID + ", changed by overrides"
		}
		controls = append(controls, c)
	}
	return controls, nil
}

func (o ControlPatch) apply(c Control) Control {
	if o.Title != nil {
		c.Title = *o.Title
	}
	if o.Section != nil {
		c.Section = *o.Section
	}
	if o.Automated != nil {
		c.Automated = *o.Automated
	}
	if o.Assessment != nil {
		c.Assessment = *o.Assessment
	}
	if o.Severity != nil {
		c.Severity = *o.Severity
	}
	if o.Checks != nil {
		c.Checks = append([]string(nil), (*o.Checks)...)
	}
	if o.Audit != nil {
		c.Audit = *o.Audit
	}
	if o.Remediation != nil {
		c.Remediation = *o.Remediation
	}
	return c
}

// keptSections returns p's sections less those the removals emptied.
func keptSections(p *Benchmark, kept []Control) []Section {
	had, has := map[string]bool{}, map[string]bool{}
	for _, c := range p.Controls {
		had[c.Section] = true
	}
	for _, c := range kept {
		has[c.Section] = true
	}
	var out []Section
	for _, s := range p.Sections {
		if had[s.ID] && !has[s.ID] {
			continue
		}
		out = append(out, s)
	}
	return out
}

func validate(b *Benchmark, cat Catalog) error {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	for _, f := range []struct{ name, val string }{
		{"id", b.ID}, {"title", b.Title}, {"version", b.Version}, {"source.document", b.Source.Document},
	} {
		if strings.TrimSpace(f.val) == "" {
			bad("missing %s", f.name)
		}
	}
	sections := map[string]bool{}
	for _, s := range b.Sections {
		switch {
		case s.ID == "" || s.Title == "":
			bad("section %q: missing id or title", s.ID)
		case sections[s.ID]:
			bad("duplicate section id %q", s.ID)
		}
		sections[s.ID] = true
	}
	controls := map[string]bool{}
	assessed := 0
	for i := range b.Controls {
		c := &b.Controls[i]
		where := fmt.Sprintf("control %q", c.ID)
		if c.From != "" {
			where = fmt.Sprintf("control %q (inherited from %s)", c.ID, c.From)
		}
		if c.ID == "" {
			where = fmt.Sprintf("control #%d", i+1)
			bad("%s: missing id", where)
		} else if controls[c.ID] {
			bad("duplicate control id %q", c.ID)
		}
		controls[c.ID] = true
		if c.Title == "" {
			bad("%s: missing title", where)
		}
		if !sections[c.Section] {
			bad("%s: section %q is not declared", where, c.Section)
		}
		if !checks.ValidSeverity(c.Severity) {
			bad("%s: severity %q is not one of %s", where, c.Severity, strings.Join(checks.Severities, ", "))
		}
		if c.Assessment != "" {
			assessed++
			if c.Assessment != "automated" && c.Assessment != "manual" {
				bad("%s: assessment %q is not automated or manual", where, c.Assessment)
			}
		}
		if c.Automated && len(c.Checks) == 0 {
			bad("%s: an automated control needs checks", where)
		}
		if !c.Automated && strings.TrimSpace(c.Audit) == "" {
			bad("%s: a manual control needs its audit procedure", where)
		}
		for _, id := range c.Checks {
			if _, ok := cat.Check(id); !ok {
				bad("%s: unknown check %q", where, id)
			}
		}
	}
	if assessed > 0 && assessed < len(b.Controls) {
		bad("%d of %d controls carry the document's assessment: all or none do", assessed, len(b.Controls))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s: %s", b.File, strings.Join(problems, "; "))
	}
	return nil
}

// Find returns the benchmark with the given id.
func Find(all []*Benchmark, id string) (*Benchmark, bool) {
	for _, b := range all {
		if b.ID == id {
			return b, true
		}
	}
	return nil, false
}

// CheckIDs returns the distinct checks the benchmarks' controls use, sorted.
func CheckIDs(bs ...*Benchmark) []string {
	seen := map[string]bool{}
	var ids []string
	for _, b := range bs {
		for _, c := range b.Controls {
			for _, id := range c.Checks {
				if !seen[id] {
					seen[id] = true
					ids = append(ids, id)
				}
			}
		}
	}
	sort.Strings(ids)
	return ids
}

// Type is "Automated" or "Manual", as the benchmark documents say.
func (c Control) Type() string {
	if c.Automated {
		return "Automated"
	}
	return "Manual"
}

// DocumentCounts returns how many controls the document itself marks
// automated and manual (Assessment); both are 0 for a document without
// such marks.
func (b *Benchmark) DocumentCounts() (automated, manual int) {
	for _, c := range b.Controls {
		switch c.Assessment {
		case "automated":
			automated++
		case "manual":
			manual++
		}
	}
	return automated, manual
}

// Counts returns how many controls are automated and how many manual.
func (b *Benchmark) Counts() (automated, manual int) {
	for _, c := range b.Controls {
		if c.Automated {
			automated++
		} else {
			manual++
		}
	}
	return automated, manual
}
