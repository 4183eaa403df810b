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
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Version     string    `json:"version"`
	Source      Source    `json:"source"`
	Description string    `json:"description"`
	Extends     string    `json:"extends,omitempty"`
	Sections    []Section `json:"sections"`
	Controls    []Control `json:"controls"`
	// File is where the definition was read from.
	File string `json:"-"`
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
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Section   string   `json:"section"`
	Automated bool     `json:"automated"`
	Severity  string   `json:"severity"`
	Checks    []string `json:"checks,omitempty"`
	// Audit is the procedure a person follows for a manual control.
	Audit string `json:"audit,omitempty"`
	// Remediation, when set, replaces the remediation of the checks.
	Remediation string `json:"remediation,omitempty"`
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
func Load(fsys fs.FS, cat Catalog) ([]*Benchmark, error) {
	files, err := fs.Glob(fsys, "*/benchmark.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	byID := map[string]*Benchmark{}
	var all []*Benchmark
	var problems []error
	for _, f := range files {
		b, err := parse(fsys, f)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		if dir := path.Dir(f); b.ID != dir {
			problems = append(problems, fmt.Errorf("%s: id %q does not match its directory %q", f, b.ID, dir))
			continue
		}
		byID[b.ID] = b
		all = append(all, b)
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

func parse(fsys fs.FS, file string) (*Benchmark, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	var b Benchmark
	if err := yaml.UnmarshalStrict(data, &b); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	b.File = file
	return &b, nil
}

// resolve returns b with the sections and controls of the benchmark it
// extends placed before its own.
func resolve(b *Benchmark, byID map[string]*Benchmark, chain []string) (*Benchmark, error) {
	if b.Extends == "" {
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
	out := *b
	out.Sections = append(append([]Section{}, p.Sections...), b.Sections...)
	out.Controls = append(append([]Control{}, p.Controls...), b.Controls...)
	return &out, nil
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
	for i := range b.Controls {
		c := &b.Controls[i]
		where := fmt.Sprintf("control %q", c.ID)
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
