package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two scans of manifest sets, the second with a new privileged workload and
// one hostPID pod fixed, compared end to end: the drift names the newly
// failing control, the new finding and the added objects;
// --fail-on-regression exits 1, and the other way round (only a fix) 0.
func TestCompareShowsTheDrift(t *testing.T) {
	dir := t.TempDir()
	before := filepath.Join(dir, "before")
	after := filepath.Join(dir, "after")
	os.MkdirAll(before, 0o755)
	os.MkdirAll(after, 0o755)
	pod := func(name, spec string) string {
		return "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name + ", namespace: shop}\nspec:\n" + spec
	}
	clean := "  containers: [{name: app, image: nginx}]\n"
	os.WriteFile(filepath.Join(before, "pods.yaml"), []byte(pod("web", clean)+"---\n"+pod("debug", "  hostPID: true\n"+clean)), 0o644)
	os.WriteFile(filepath.Join(after, "pods.yaml"), []byte(pod("web", clean)+"---\n"+pod("debug", clean)+"---\n"+
		pod("miner", "  containers: [{name: x, image: x, securityContext: {privileged: true}}]\n")), 0o644)
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	for _, x := range [][2]string{{before, a}, {after, b}} {
		if r := runCLI(t, "", "scan", "-f", x[0], "-b", "pss-baseline", "-o", "json="+x[1]); r.code != 0 {
			t.Fatalf("scan %s: %d %s", x[0], r.code, r.err)
		}
	}
	r := runCLI(t, "", "compare", a, b, "-o", "json", "--fail-on-regression")
	if r.code != 1 || !strings.Contains(r.err, "--fail-on-regression: 1 control newly failing, 1 finding new") {
		t.Fatalf("compare: exit %d, %s", r.code, r.err)
	}
	var c struct {
		Drift struct {
			NewlyFailing []struct{ Control, Before, After string } `json:"newlyFailing"`
			Fixed        []struct{ Control string }                `json:"fixed"`
			ObjectsAdded map[string]int                            `json:"objectsAdded"`
			NewFindings  []struct {
				Check   string
				Finding struct {
					Message  string
					Resource struct{ Name string }
				}
			} `json:"newFindings"`
			GoneFindings []struct{ Check string } `json:"goneFindings"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &c); err != nil {
		t.Fatal(err)
	}
	d := c.Drift
	if len(d.NewlyFailing) != 1 || d.NewlyFailing[0].Control != "baseline.privileged" || d.NewlyFailing[0].Before != "PASS" || d.NewlyFailing[0].After != "FAIL" {
		t.Errorf("newly failing %+v", d.NewlyFailing)
	}
	if len(d.Fixed) != 1 || d.Fixed[0].Control != "baseline.host-namespaces" {
		t.Errorf("fixed %+v", d.Fixed)
	}
	if d.ObjectsAdded["Pod"] != 1 || len(d.NewFindings) != 1 || d.NewFindings[0].Finding.Resource.Name != "miner" || len(d.GoneFindings) != 1 {
		t.Errorf("objects added %v, new %+v, gone %+v", d.ObjectsAdded, d.NewFindings, d.GoneFindings)
	}
	// Backwards: only a fix... and a regression: hostPID comes back.
	if r := runCLI(t, "", "compare", b, a, "--fail-on-regression"); r.code != 1 || !strings.Contains(r.stdout, "newly failing: 1") {
		t.Errorf("compare b a: exit %d\n%s", r.code, r.stdout)
	}
	if r := runCLI(t, "", "compare", a, a, "--fail-on-regression"); r.code != 0 || !strings.Contains(r.stdout, "newly failing: 0") {
		t.Errorf("compare a a: exit %d\n%s%s", r.code, r.stdout, r.err)
	}
	// scan --baseline does the same against a saved result.
	r = runCLI(t, "", "scan", "-f", after, "-b", "pss-baseline", "-o", "json="+filepath.Join(dir, "c.json"), "--baseline", a, "--fail-on-regression")
	if r.code != 1 || !strings.Contains(r.err, "newly failing: pss-baseline baseline.privileged") {
		t.Errorf("scan --baseline: exit %d, %s", r.code, r.err)
	}
	if r := runCLI(t, "", "scan", "-f", after, "-b", "pss-baseline", "--fail-on-regression"); r.code != 2 || !strings.Contains(r.err, "needs --baseline") {
		t.Errorf("--fail-on-regression without a baseline: exit %d, %s", r.code, r.err)
	}
}

// Different platforms' benchmarks line up through their checks: the
// kubelet kubeconfig owner is EKS 3.1.2 and GKE 3.1.2 and one row; an EKS
// kubelet recommendation GKE lacks has no counterpart there.
func TestCompareAlignsPlatformBenchmarks(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for _, p := range [][2]string{{"eks", "cis-eks-1.8"}, {"gke", "cis-gke-1.9"}} {
		f := filepath.Join(dir, p[0]+".json")
		r := runCLI(t, "", "scan", "--local-node", "--root", "../../testdata/nodes/"+p[0], "-b", p[1], "-o", "json="+f)
		if r.code != 0 {
			t.Fatalf("scan %s: %d %s", p[0], r.code, r.err)
		}
		files = append(files, f)
	}
	r := runCLI(t, "", "compare", files[0], files[1], "-o", "json")
	if r.code != 0 {
		t.Fatalf("compare: %d %s", r.code, r.err)
	}
	var c struct {
		Aligned []struct {
			Checks []string
			Cells  [][]struct{ Benchmark, Control, Status string }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &c); err != nil {
		t.Fatal(err)
	}
	found, lonely := false, false
	for _, row := range c.Aligned {
		key := strings.Join(row.Checks, "+")
		if key == "KA-FILE-021" && len(row.Cells[0]) == 1 && row.Cells[0][0].Control == "3.1.2" && len(row.Cells[1]) == 1 && row.Cells[1][0].Benchmark == "cis-gke-1.9" {
			found = true
		}
		if key == "KA-KUBELET-001" && len(row.Cells[0]) == 1 && len(row.Cells[1]) == 0 {
			lonely = true
		}
	}
	if !found || !lonely {
		t.Errorf("aligned rows (KA-FILE-021 in both: %v; KA-KUBELET-001 only in EKS: %v):\n%s", found, lonely, r.stdout)
	}
	r = runCLI(t, "", "compare", files[0], files[1])
	if r.code != 0 || !strings.Contains(r.stdout, "matched by the checks behind them") {
		t.Errorf("compare table: %d\n%s", r.code, r.stdout)
	}
}

// A --report-dir stands for its latest result, or alone for its last two:
// 'compare DIR' is what changed in the last run of the CronJob.
func TestCompareReportDir(t *testing.T) {
	dir, reports := t.TempDir(), t.TempDir()
	clean := filepath.Join(dir, "clean.yaml")
	writeTestFile(t, clean, "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n  containers: [{name: app, image: nginx}]\n")
	bad := filepath.Join(dir, "bad.yaml")
	writeTestFile(t, bad, "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n  hostPID: true\n  containers: [{name: app, image: nginx}]\n")
	first := filepath.Join(dir, "first.json")
	if r := runCLI(t, "", "scan", "-f", clean, "-b", "pss-baseline", "-o", "json="+first); r.code != 0 {
		t.Fatal(r.err)
	}
	if r := runCLI(t, "", "compare", reports); r.code != 2 || !strings.Contains(r.err, reports) {
		t.Errorf("an empty report dir: exit %d, %s", r.code, r.err)
	}
	for _, f := range []string{clean, bad} {
		if r := runCLI(t, "", "scan", "-f", f, "-b", "pss-baseline", "--report-dir", reports, "-o", "json"); r.code != 0 {
			t.Fatal(r.err)
		}
	}
	r := runCLI(t, "", "compare", reports, "--fail-on-regression")
	if r.code != 1 || !strings.Contains(r.stdout, "newly failing: 1") || strings.Count(r.stdout, filepath.Join(reports, "kubeassay-")) != 2 {
		t.Errorf("compare DIR: exit %d\n%s%s", r.code, r.stdout, r.err)
	}
	// With a file beside it, the directory is its latest run: the hostPID one.
	r = runCLI(t, "", "compare", first, reports, "--fail-on-regression")
	if r.code != 1 || !strings.Contains(r.stdout, "comparing 2 results") || !strings.Contains(r.stdout, "newly failing: 1") {
		t.Errorf("compare FILE DIR: exit %d\n%s%s", r.code, r.stdout, r.err)
	}
	if r := runCLI(t, "", "compare", first); r.code != 2 || !strings.Contains(r.err, "two results") {
		t.Errorf("one file: exit %d, %s", r.code, r.err)
	}
	// A run whose JSON was cut short (a full volume) is an error naming
	// it, not a comparison with the run before it.
	latest := filepath.Join(reports, "kubeassay-29991231T235959Z.json")
	writeTestFile(t, latest, `{"apiVersion":"kubeassay.io/v2","kind":"Result","metadata":{`)
	if r := runCLI(t, "", "compare", reports); r.code != 2 || !strings.Contains(r.err, latest) {
		t.Errorf("a truncated latest run: exit %d, %s", r.code, r.err)
	}
}
