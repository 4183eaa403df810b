package scan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	ID        string           `json:"id"`
	Status    string           `json:"status"`
	Reason    string           `json:"reason,omitempty"`
	Evaluated int              `json:"evaluated"`
	Findings  []report.Finding `json:"findings,omitempty"`
}

// stable renders a result's verdicts without what differs between runs.
func stable(t *testing.T, res *report.Result, roots map[string]string) []byte {
	t.Helper()
	out := struct {
		Benchmarks map[string][]pinned `json:"benchmarks"`
		Errors     []report.InputError `json:"errors"`
		Objects    map[string]int      `json:"objects"`
	}{map[string][]pinned{}, res.Errors, res.Metadata.Objects}
	for _, b := range res.Benchmarks {
		for _, c := range b.Controls {
			out.Benchmarks[b.ID] = append(out.Benchmarks[b.ID], pinned{c.ID, c.Status, c.Reason, c.Evaluated, c.Findings})
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
