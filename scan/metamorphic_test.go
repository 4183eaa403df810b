package scan_test

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	"github.com/kubeassay/kubeassay/benchmarks"
	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/nodefacts"
	"github.com/kubeassay/kubeassay/sources/nodefacts/nodetest"
	"github.com/kubeassay/kubeassay/verdict"
)

// judge scans documents with a prepared engine and returns each control's
// status by benchmark/control id.
func judge(t *testing.T, b *scan.Builtin, eng *checks.Engine, bs []*benchmarks.Benchmark, docs ...checks.Document) map[string]shown {
	t.Helper()
	ch := make(chan checks.Document, len(docs))
	for _, d := range docs {
		ch <- d
	}
	close(ch)
	res, err := eng.Run(context.Background(), ch, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]shown{}
	r := verdict.Build(verdict.Run{}, bs, b.Catalog, res)
	for _, bm := range r.Benchmarks {
		for _, c := range bm.Controls {
			out[bm.ID+" "+c.ID] = view(r, c)
		}
	}
	return out
}

// neverToPass reports every control that passes in after but did not in
// before. gone, when set, is a host path that no longer exists in after: a
// control whose every failure was about that very file may pass once it is
// gone (another file of its role may be fine), and only such a control.
func neverToPass(before, after map[string]shown, gone string) []string {
	var bad []string
	for id, c := range after {
		if gone != "" && before[id].Status == report.StatusFail && onlyAbout(before[id].Findings, gone) {
			continue
		}
		if c.Status == report.StatusPass && before[id].Status != report.StatusPass {
			bad = append(bad, fmt.Sprintf("%s: %s -> PASS", id, before[id].Status))
		}
	}
	sort.Strings(bad)
	return bad
}

// onlyAbout reports whether every finding is about the file at path.
func onlyAbout(fs []report.Finding, path string) bool {
	for _, f := range fs {
		if !strings.HasPrefix(f.Path, "files["+path+"]") {
			return false
		}
	}
	return len(fs) > 0
}

// corruptions of one file of a node's filesystem. "unreadable" replaces the
// file with a symlink loop: reading it fails even as root, who ignores
// permission bits.
var corruptions = []struct {
	name  string
	apply func(path string) error
}{
	{"deleted", os.Remove},
	{"truncated", func(p string) error {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(p, data[:len(data)/2], 0o600)
	}},
	{"invalid YAML", func(p string) error {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(p, append([]byte("key: [unclosed\n\t- : {\n"), data...), 0o600)
	}},
	{"unreadable", func(p string) error {
		if err := os.Remove(p); err != nil {
			return err
		}
		return os.Symlink(filepath.Base(p), p)
	}},
}

// TestCorruptingNodeFilesNeverRaisesAVerdict is the metamorphic guard of the
// false-PASS rule for node facts: for every fixture root and every file in
// it, deleting, truncating, breaking or hiding the file and collecting again
// never moves a CIS control from FAIL, ERROR or SKIP to PASS. Every file is
// tried with one corruption drawn with a fixed seed, and the files that
// configure components (manifests, config files, command lines) with all of
// them.
func TestCorruptingNodeFilesNeverRaisesAVerdict(t *testing.T) {
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	bs, err := b.Select([]string{"cis-1.12"})
	if err != nil {
		t.Fatal(err)
	}
	eng, err := checks.NewEngine(context.Background(), b.Catalog, benchmarks.CheckIDs(bs...), checks.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(8, 2026))
	collect := func(t *testing.T, root string) checks.Document {
		t.Helper()
		facts, err := nodefacts.Collect(context.Background(), nodefacts.Options{Root: root, ToolVersion: "test", NodeName: "node"})
		if err != nil {
			t.Fatal(err)
		}
		data, err := facts.JSON()
		if err != nil {
			t.Fatal(err)
		}
		return checks.Document{Origin: checks.Origin{File: "node"}, Kind: nodefacts.Kind, JSON: data}
	}
	tried := 0
	for _, platform := range []string{"kubeadm", "k3s", "rke2", "eks", "gke", "aks"} {
		src := filepath.Join("..", "testdata", "nodes", platform)
		var files []string
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() && d.Name() != "modes.txt" {
				rel, _ := filepath.Rel(src, p)
				files = append(files, rel)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Run(platform, func(t *testing.T) {
			root := nodetest.FixtureRoot(t, src)
			before := judge(t, b, eng, bs, collect(t, root))
			for _, rel := range files {
				which := []int{rng.IntN(len(corruptions))}
				if configures(rel) {
					which = []int{0, 1, 2, 3}
				}
				path := filepath.Join(root, rel)
				restore := saveFile(t, path)
				for _, i := range which {
					c := corruptions[i]
					if err := c.apply(path); err != nil {
						t.Fatalf("%s %s: %v", c.name, rel, err)
					}
					after := judge(t, b, eng, bs, collect(t, root))
					restore()
					tried++
					gone := ""
					if c.name == "deleted" {
						gone = "/" + filepath.ToSlash(rel)
					}
					for _, bad := range neverToPass(before, after, gone) {
						t.Errorf("%s %s: %s (%s)", rel, c.name, bad, after[strings.SplitN(bad, ":", 2)[0]].Reason)
					}
				}
			}
			// The root is whole again: the same verdicts as before.
			for id, c := range judge(t, b, eng, bs, collect(t, root)) {
				if c.Status != before[id].Status {
					t.Errorf("after restoring every file, %s is %s, was %s", id, c.Status, before[id].Status)
				}
			}
		})
	}
	t.Logf("%d corrupted roots judged", tried)
}

// saveFile keeps a regular file's content, mode and owner, and returns a
// function that puts them back (whatever now stands at its path).
func saveFile(t *testing.T, path string) func() {
	t.Helper()
	st, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	uid, gid := fileOwner(st)
	return func() {
		os.Remove(path)
		if err := os.WriteFile(path, data, st.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, st.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
		if os.Geteuid() == 0 {
			if err := os.Lchown(path, uid, gid); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// configures reports whether a fixture file is one components are configured
// from: those get every corruption.
func configures(rel string) bool {
	rel = filepath.ToSlash(rel)
	switch {
	case strings.HasSuffix(rel, "/cmdline"), strings.HasSuffix(rel, "/environ"):
		return true
	case strings.Contains(rel, "/manifests/"), strings.HasSuffix(rel, ".yaml"), strings.HasSuffix(rel, ".conf"),
		strings.HasSuffix(rel, ".env"), strings.Contains(rel, "/default/"), strings.Contains(rel, "systemd"):
		return true
	}
	return false
}

// TestCorruptingAManifestNeverRaisesAScore: the same guard for manifests:
// breaking any one document of the demo never raises a benchmark's score or
// moves a control to PASS, in any built-in benchmark.
func TestCorruptingAManifestNeverRaisesAScore(t *testing.T) {
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	// Every built-in benchmark: those that mix kinds (CIS section 5,
	// NSA/CISA) are where a FAIL turning into ERROR could raise a score.
	var ids []string
	for _, bm := range b.Benchmarks {
		ids = append(ids, bm.ID)
	}
	run := func(dir string) *report.Result {
		res, err := scan.Run(context.Background(), b, scan.Options{Benchmarks: ids, Files: []string{dir}})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	statuses := func(res *report.Result) map[string]shown {
		out := map[string]shown{}
		for _, bm := range res.Benchmarks {
			for _, c := range bm.Controls {
				out[bm.ID+" "+c.ID] = view(res, c)
			}
		}
		return out
	}
	src := filepath.Join("..", "testdata", "demo")
	before := run(src)
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		docs := strings.Split(string(data), "\n---\n")
		for i := range docs {
			for _, c := range []struct {
				name string
				edit func(string) string
			}{
				{"truncated", func(d string) string { return d[:len(d)/2] + "\n  bad: [\n" }},
				{"kind lost", func(d string) string { return strings.Replace(d, "\nkind:", "\nknd:", 1) }},
			} {
				broken := append([]string{}, docs...)
				broken[i] = c.edit(broken[i])
				dir := t.TempDir()
				for _, other := range entries {
					content, _ := os.ReadFile(filepath.Join(src, other.Name()))
					if other.Name() == e.Name() {
						content = []byte(strings.Join(broken, "\n---\n"))
					}
					writeFile(t, dir, other.Name(), string(content))
				}
				after := run(dir)
				for _, bad := range neverToPass(statuses(before), statuses(after), "") {
					t.Errorf("%s document %d %s: %s", e.Name(), i+1, c.name, bad)
				}
				for j, bm := range after.Benchmarks {
					was, now := before.Benchmarks[j].Score.Percent, bm.Score.Percent
					if now != nil && (was == nil || *now > *was) {
						t.Errorf("%s document %d %s: %s score rose from %v to %v", e.Name(), i+1, c.name, bm.ID, fmtPct(was), *now)
					}
				}
			}
		}
	}
}

func fmtPct(p *float64) string {
	if p == nil {
		return "none"
	}
	return fmt.Sprintf("%.1f", *p)
}

func fileOwner(st os.FileInfo) (uid, gid int) {
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		return int(sys.Uid), int(sys.Gid)
	}
	return -1, -1
}
