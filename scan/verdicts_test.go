package scan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/nodefacts"
	"github.com/kubeassay/kubeassay/sources/nodefacts/nodetest"
)

var update = flag.Bool("update", false, "rewrite testdata/verdicts/*.json")

// TestVerdictsStayTheSame pins every verdict kubeassay gives on the demo
// manifests (both PSS levels) and on each node fixture root (CIS 1.12): the
// JSON report less what changes from run to run (times, versions, the
// temporary root). A change of layout or code that changes a verdict, a
// reason or a finding fails here; a change meant to do so rewrites the files
// with -update, and the diff shows what moved.
func TestVerdictsStayTheSame(t *testing.T) {
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]scan.Options{
		"demo": {Benchmarks: []string{"pss-baseline", "pss-restricted"}, Files: []string{filepath.Join("..", "testdata", "demo")}},
		// Every built-in benchmark on the demo: controls that map the same
		// checks must keep their own findings whatever else is scanned.
		"demo-all": {Benchmarks: allBenchmarks(t), Files: []string{filepath.Join("..", "testdata", "demo")}},
	}
	roots := map[string]string{}
	for _, p := range []string{"kubeadm", "k3s", "rke2", "eks", "gke", "aks"} {
		root := nodetest.FixtureRoot(t, filepath.Join("..", "testdata", "nodes", p))
		roots[p] = root
		cases["node-"+p] = scan.Options{Benchmarks: []string{"cis-1.12"}, LocalNode: true,
			LocalNodeOptions: nodefacts.Options{Root: root, ToolVersion: "test", NodeName: p + "-node"}}
	}
	// A managed platform's node, with the benchmarks the scan chooses for it
	// (-b auto: that platform's CIS benchmark, from the node facts'
	// platform, and those run on every cluster).
	for _, p := range []string{"eks", "gke", "aks"} {
		cases["node-"+p+"-auto"] = scan.Options{Benchmarks: []string{scan.Auto}, LocalNode: true,
			LocalNodeOptions: nodefacts.Options{Root: roots[p], ToolVersion: "test", NodeName: p + "-node"}}
	}
	for name, opts := range cases {
		t.Run(name, func(t *testing.T) {
			res, err := scan.Run(context.Background(), b, opts)
			if err != nil {
				t.Fatal(err)
			}
			got := stable(t, res, roots)
			path := filepath.Join("testdata", "verdicts", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./scan -run TestVerdictsStayTheSame -update writes it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the pinned verdicts; diff it after -update to see what moved", path)
			}
		})
	}
}

// pinned is what the pinned files keep of a control: its decision, not its
// descriptive text.
type pinned struct {
	ID        string          `json:"id"`
	Status    string          `json:"status"`
	Reason    string          `json:"reason,omitempty"`
	Evaluated int             `json:"evaluated"`
	Findings  []pinnedFinding `json:"findings,omitempty"`
}

// pinnedFinding is a finding a control lists, with the check that made it,
// as result v1 held it under the control: a change of the result's shape
// changes none of the pinned files.
type pinnedFinding struct {
	Status       string          `json:"status"`
	Check        string          `json:"check"`
	Message      string          `json:"message"`
	Path         string          `json:"path,omitempty"`
	Value        any             `json:"value,omitempty"`
	Resource     report.Resource `json:"resource"`
	AffectedPods int             `json:"affectedPods,omitempty"`
	Origin       *checks.Origin  `json:"origin,omitempty"`
}

// stable renders a result's verdicts without what differs between runs.
func stable(t *testing.T, res *report.Result, roots map[string]string) []byte {
	t.Helper()
	out := struct {
		Selection  *report.Selection   `json:"selection,omitempty"`
		Benchmarks map[string][]pinned `json:"benchmarks"`
		Errors     []report.InputError `json:"errors"`
		Objects    map[string]int      `json:"objects"`
	}{res.Metadata.Selection, map[string][]pinned{}, res.Errors, res.Metadata.Objects}
	for _, b := range res.Benchmarks {
		for _, c := range b.Controls {
			var fs []pinnedFinding
			for _, f := range res.ControlFindings(&c) {
				fs = append(fs, pinnedFinding{f.Status, f.Check, f.Message, f.Path, f.Value, f.Resource, f.AffectedPods, f.Origin})
			}
			if got := len(fs); got != c.FindingCount() {
				t.Errorf("%s %s: counts %d findings, lists %d", b.ID, c.ID, c.FindingCount(), got)
			}
			out.Benchmarks[b.ID] = append(out.Benchmarks[b.ID], pinned{c.ID, c.Status, c.Reason, c.Evaluated, fs})
		}
	}
	data, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, root := range roots {
		s = strings.ReplaceAll(s, root, "<root>")
	}
	return []byte(s + "\n")
}

// allBenchmarks names every built-in benchmark.
func allBenchmarks(t *testing.T) []string {
	t.Helper()
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, bm := range b.Benchmarks {
		ids = append(ids, bm.ID)
	}
	return ids
}

// TestControlsKeepTheirFindingsInAnySubset: findings are stored once per
// check and shared by every control that maps it, so a control must list
// the same findings, status and reason whatever other benchmarks are
// scanned with it. Random subsets of the built-in benchmarks, on the demo,
// against -b all (whose verdicts demo-all.json pins as v1 gave them).
func TestControlsKeepTheirFindingsInAnySubset(t *testing.T) {
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	all := allBenchmarks(t)
	demo := []string{filepath.Join("..", "testdata", "demo")}
	key := func(res *report.Result) map[string]string {
		out := map[string]string{}
		for _, bm := range res.Benchmarks {
			for _, c := range bm.Controls {
				fs, _ := json.Marshal(res.ControlFindings(&c))
				out[bm.ID+" "+c.ID] = c.Status + "|" + c.Reason + "|" + string(fs)
			}
		}
		return out
	}
	full, err := scan.Run(context.Background(), b, scan.Options{Benchmarks: all, Files: demo})
	if err != nil {
		t.Fatal(err)
	}
	want := key(full)
	rng := rand.New(rand.NewPCG(17, uint64(len(all))))
	for i := range 12 {
		var ids []string
		for _, id := range all {
			if rng.IntN(2) == 0 {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			ids = all[i%len(all) : i%len(all)+1]
		}
		rng.Shuffle(len(ids), func(a, b int) { ids[a], ids[b] = ids[b], ids[a] })
		res, err := scan.Run(context.Background(), b, scan.Options{Benchmarks: ids, Files: demo})
		if err != nil {
			t.Fatal(err)
		}
		got := key(res)
		for k, v := range got {
			if v != want[k] {
				t.Errorf("-b %s: %s\n got %s\nwant %s", strings.Join(ids, ","), k, v, want[k])
			}
		}
		if len(got) == 0 {
			t.Errorf("-b %s: no control", strings.Join(ids, ","))
		}
		ids2 := map[string]bool{}
		for _, ch := range res.Checks {
			if ids2[ch.ID] {
				t.Errorf("-b %s: check %s stored twice", strings.Join(ids, ","), ch.ID)
			}
			ids2[ch.ID] = true
		}
	}
}
