package checks

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"

	"github.com/kubeassay/kubeassay/dev/perf/gen"
	"github.com/kubeassay/kubeassay/policies"
)

// templateCase is a pod template to test, with where it came from.
type templateCase struct {
	from string
	pod  map[string]any
}

// fixtureTemplates returns the normalised pod template of every workload
// in every check's fixtures, the demo, and a generated population.
func fixtureTemplates(t *testing.T) []templateCase {
	t.Helper()
	var files []string
	for _, pattern := range []string{"../policies/*/*/*/*.yaml", "../testdata/demo/*.yaml"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	var out []templateCase
	add := func(from string, obj map[string]any) {
		kind, _ := obj["kind"].(string)
		if !IsWorkload(ObjectKind(fmt.Sprint(obj["apiVersion"]), kind)) {
			return
		}
		meta, spec, ok := podTemplate(obj)
		if !ok || containerLists(spec) != "" {
			return
		}
		out = append(out, templateCase{from, normalizeTemplate(meta, spec)})
	}
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := utilyaml.NewYAMLOrJSONDecoder(r, 4096)
		for {
			var obj map[string]any
			if err := dec.Decode(&obj); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			add(f, obj)
			items, _ := obj["items"].([]any)
			for _, it := range items {
				if m, ok := it.(map[string]any); ok {
					add(f, m)
				}
			}
		}
		r.Close()
	}
	if err := gen.New(3).Generate(3000, func(o gen.Object) error {
		add("generated", o)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// podEngine is an engine with every pod check of cat.
func podEngine(t *testing.T, cat *Catalog) *Engine {
	t.Helper()
	var ids []string
	for _, ch := range cat.Checks {
		if ch.Subject == SubjectPod {
			ids = append(ids, ch.ID)
		}
	}
	eng, err := NewEngine(context.Background(), cat, ids, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return eng
}

// differences evaluates pod three ways and says how they differ: as it is
// (direct), as its shape with its names put back (what the engine does), and
// with every placeholder field renamed with names of another look, and the
// names then put back. None should differ from direct in any status,
// reason, message, path or value. It reports whether pod had names to
// replace.
func differences(ctx context.Context, eng *Engine, pod map[string]any) (diffs []string, named bool) {
	p := eng.placeholders
	direct := eng.evalValue(ctx, eng.pod, pod)
	shaped, names, ok := p.shape(pod)
	if !ok {
		return []string{"a name is not plain, so the template is not shaped"}, false
	}
	if d := verdictDiff(direct, names.restore(eng.evalValue(ctx, eng.pod, shaped))); d != "" {
		diffs = append(diffs, "shape: "+d)
	}
	const mark = "zz-renamed-"
	renamed, back, _ := p.rename(pod, func(letter byte, i int, old string) string {
		// Other lengths, other characters, the order reversed.
		return fmt.Sprintf("%s%c%d.%s", mark, letter, 99-i, strings.Repeat("q", len(old)%5))
	})
	if d := verdictDiff(direct, back.replace(eng.evalValue(ctx, eng.pod, renamed), mark)); d != "" {
		diffs = append(diffs, "renamed: "+d)
	}
	changed := pod
	for _, f := range p.unread {
		if v, ok := rewrite(changed, f, changeValue); ok {
			changed = v.(map[string]any)
		}
	}
	if d := verdictDiff(direct, eng.evalValue(ctx, eng.pod, changed)); d != "" {
		diffs = append(diffs, "unread fields changed: "+d)
	}
	return diffs, len(names.pairs) > 0
}

// changeValue gives an unread field another value of the same type.
func changeValue(v any) (any, bool) {
	switch x := v.(type) {
	case string:
		return x + "-zz-changed", true
	case map[string]any:
		out := map[string]any{"zz-changed": "yes"}
		for k, e := range x {
			out[k+"-zz"] = e
		}
		return out, true
	case []any:
		return append([]any{"zz-changed"}, x...), true
	case float64:
		return x + 1, true
	}
	return "zz-changed", true
}

// verdictDiff describes how two verdicts differ, "" when they do not.
func verdictDiff(a, b *verdict) string {
	var out []string
	for _, f := range []struct {
		name string
		x, y any
	}{
		{"skips", a.skips, b.skips},
		{"unknowns", a.unknowns, b.unknowns},
		{"errors", a.errs, b.errs},
		{"findings", sortedFindings(a.findings), sortedFindings(b.findings)},
	} {
		if !reflect.DeepEqual(f.x, f.y) {
			out = append(out, fmt.Sprintf("%s %v, want %v", f.name, f.y, f.x))
		}
	}
	return strings.Join(out, "; ")
}

func sortedFindings(fs []Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = fmt.Sprintf("%s %v %q %q %#v", f.CheckID, f.Warn, f.Message, f.Path, f.Value)
	}
	sort.Strings(out)
	return out
}

// TestRenamingNamesChangesNoVerdict is the proof that the shape memo is
// sound for the built-in checks: over every workload in the fixtures, the
// demo and a generated population, a template's verdict is the same
// evaluated as it is, through its shape, and with its names renamed.
func TestRenamingNamesChangesNoVerdict(t *testing.T) {
	cat := builtinCatalog(t)
	if cat.placeholders == nil || len(cat.placeholders.kinds) != 4 {
		t.Fatalf("the catalogue has no placeholders for the four kinds of name: %+v", cat.placeholders)
	}
	eng := podEngine(t, cat)
	ctx := context.Background()
	cases := fixtureTemplates(t)
	seen := map[uint64]bool{}
	tested, named, failing := 0, 0, 0
	for _, c := range cases {
		key := hashValue(c.pod)
		if seen[key] {
			continue
		}
		seen[key] = true
		tested++
		diffs, hasNames := differences(ctx, eng, c.pod)
		if hasNames {
			named++
		}
		if v := eng.evalValue(ctx, eng.pod, c.pod); len(v.findings) > 0 {
			failing++
		}
		for _, d := range diffs {
			t.Errorf("%s: %s", c.from, d)
		}
	}
	// The proof is only as good as its cases: hundreds of templates, most
	// with names, many with findings that print them.
	if tested < 300 || named < tested*9/10 || failing < tested/3 {
		t.Fatalf("%d distinct templates, %d with names, %d with findings: too few to prove anything", tested, named, failing)
	}
	t.Logf("%d distinct templates, %d with names, %d with findings", tested, named, failing)
}

// TestACheckThatReadsANameIsCaught adds checks that branch on a placeholder
// field, each a way a check could read a name other than to print it, and
// asserts that the metamorphic comparison catches every one: the proof
// above would fail if a built-in check did the same.
func TestACheckThatReadsANameIsCaught(t *testing.T) {
	for _, tc := range []struct{ name, rule string }{
		{"compares with a constant", `some c in k8s.containers; c.name == "istio-proxy"`},
		{"looks at a prefix", `some v in k8s.volumes; startswith(v.name, "cache")`},
		{"measures it", `some c in k8s.containers; count(c.name) > 8`},
		{"reads a Secret's name", `some v in k8s.volumes; v.volume.secret.secretName == "tls"`},
		{"changes its case", `some c in k8s.containers; upper(c.name) == "ISTIO-PROXY"`},
		{"reads an unread field", `some c in k8s.containers; endswith(c.container.image, ":latest")`},
		{"reads unread labels", `k8s.pod_metadata.labels.tier == "edge"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			module := `# METADATA
# title: Reads a name
# description: Decides on a name, which no check may do.
# custom:
#   id: KA-POD-999
#   severity: low
#   subject: pod
#   remediation: None.
package kubeassay.checks.pod.reads_a_name

import data.kubeassay.lib.kubernetes as k8s

deny contains {"msg": "a name decided this", "path": "spec", "value": null} if {
	` + tc.rule + `
}
`
			fsys := fstest.MapFS{"pod/reads_a_name/reads_a_name.rego": &fstest.MapFile{Data: []byte(module)}}
			if err := fs.WalkDir(policies.FS, ".", func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				data, err := fs.ReadFile(policies.FS, p)
				fsys[p] = &fstest.MapFile{Data: data}
				return err
			}); err != nil {
				t.Fatal(err)
			}
			cat, err := LoadCatalog(fsys)
			if err != nil {
				t.Fatal(err)
			}
			eng := podEngine(t, cat)
			pod := map[string]any{"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{"labels": map[string]any{"tier": "edge"}}, "spec": map[string]any{
				"containers": []any{map[string]any{"name": "istio-proxy", "image": "proxy:latest", "volumeMounts": []any{map[string]any{"name": "cache-tls", "mountPath": "/c"}}}},
				"volumes":    []any{map[string]any{"name": "cache-tls", "secret": map[string]any{"secretName": "tls"}}},
			}}
			diffs, _ := differences(context.Background(), eng, pod)
			if !slices.ContainsFunc(diffs, func(d string) bool { return strings.Contains(d, "KA-POD-999") }) {
				t.Fatalf("a check that %s was not caught: %v", tc.name, diffs)
			}
		})
	}
}

func TestPlaceholdersFileIsChecked(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"container: [\"spec.containers[].name\"]\nvolumes: [\"spec.volumes[].name\"]\n", `unknown key "volumes"`},
		{"unread: [\"spec.containers[]\"]\n", "not its elements"},
		{"container: [\"spec.{containers,initContainers[].name\"]\n", "unclosed {"},
		{"container: [\"spec..name\"]\n", "empty field name"},
		{"container: [\"spec.containers[]name\"]\n", "want . after"},
		{"container: [\"spec.containers.\"]\n", "ends with ."},
		{"container: spec.containers[].name\n", "cannot unmarshal"},
	} {
		_, err := parsePlaceholders([]byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), PlaceholdersFile) {
			t.Errorf("%q: error %v, want one naming %s and saying %q", tc.src, err, PlaceholdersFile, tc.want)
		}
	}
}

// A name that is not plain could print otherwise than its placeholder
// (%q escapes a quote) or hold one: such a template is evaluated as it is.
func TestOddNamesAreNotShaped(t *testing.T) {
	p, err := parsePlaceholders([]byte("container: [\"spec.containers[].name\"]\nvolume: [\"spec.volumes[].name\", \"spec.containers[].volumeMounts[].name\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	pod := func(ctr, vol string) map[string]any {
		return map[string]any{"spec": map[string]any{
			"containers": []any{map[string]any{"name": ctr, "volumeMounts": []any{map[string]any{"name": vol}}}},
			"volumes":    []any{map[string]any{"name": vol}},
		}}
	}
	for _, name := range []string{`a"b`, "@ka-c0@", "caf\u00e9", "a b", `x\y`} {
		if _, _, ok := p.shape(pod(name, "data")); ok {
			t.Errorf("container name %q was shaped", name)
		}
		if _, _, ok := p.shape(pod("app", name)); ok {
			t.Errorf("volume name %q was shaped", name)
		}
	}
	in := pod("app", "data")
	shaped, names, ok := p.shape(in)
	if !ok {
		t.Fatal("plain names were not shaped")
	}
	want := pod("@ka-c0@", "@ka-v0@")
	if !reflect.DeepEqual(shaped, want) {
		t.Fatalf("shape %v, want %v", shaped, want)
	}
	if !reflect.DeepEqual(in, pod("app", "data")) {
		t.Fatalf("shape changed its input: %v", in)
	}
	if !reflect.DeepEqual(names.pairs, []string{"@ka-c0@", "app", "@ka-v0@", "data"}) {
		t.Fatalf("names %v", names.pairs)
	}
	v := names.restore(&verdict{findings: []Finding{{Message: `container "@ka-c0@" mounts "@ka-v0@"`, Value: map[string]any{"@ka-v0@": []any{"@ka-c0@"}}}}, skips: map[string]string{"X": "no @ka-c0@"}})
	if got := v.findings[0].Message; got != `container "app" mounts "data"` {
		t.Errorf("message %q", got)
	}
	if got := v.findings[0].Value; !reflect.DeepEqual(got, map[string]any{"data": []any{"app"}}) {
		t.Errorf("value %v", got)
	}
	if v.skips["X"] != "no app" {
		t.Errorf("skip reason %q", v.skips["X"])
	}
}
