package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kubeassay/kubeassay/scan"
)

type result struct {
	code        int
	stdout, err string
}

func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

const demo = "../../testdata/demo"

// scanJSON runs a scan with -o json and decodes the report.
func scanJSON(t *testing.T, stdin string, args ...string) (map[string]any, result) {
	t.Helper()
	r := runCLI(t, stdin, append([]string{"scan", "-o", "json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, r.stdout)
	}
	return doc, r
}

func benchmarkIDs(doc map[string]any) []string {
	var ids []string
	for _, b := range doc["benchmarks"].([]any) {
		ids = append(ids, b.(map[string]any)["id"].(string))
	}
	return ids
}

func controlStatus(doc map[string]any, bench, control string) string {
	for _, b := range doc["benchmarks"].([]any) {
		bm := b.(map[string]any)
		if bm["id"] != bench {
			continue
		}
		for _, c := range bm["controls"].([]any) {
			cm := c.(map[string]any)
			if cm["id"] == control {
				return cm["status"].(string)
			}
		}
	}
	return ""
}

func TestScanDirectory(t *testing.T) {
	doc, _ := scanJSON(t, "", "-f", demo, "-b", "pss-baseline,pss-restricted")
	if got := strings.Join(benchmarkIDs(doc), ","); got != "pss-baseline,pss-restricted" {
		t.Errorf("benchmarks %s", got)
	}
	if s := controlStatus(doc, "pss-baseline", "baseline.privileged"); s != "FAIL" {
		t.Errorf("baseline.privileged is %s, want FAIL", s)
	}
	if errs := doc["errors"].([]any); len(errs) != 1 || !strings.Contains(errs[0].(map[string]any)["message"].(string), "has no metadata.name") || errs[0].(map[string]any)["kind"] != "ConfigMap" {
		t.Errorf("errors = %v, want the demo's nameless ConfigMap", errs)
	}
}

// -b all scans every built-in benchmark once, and the demo shows what the
// CIS section 5 and NSA/CISA controls find in it.
func TestScanAllBenchmarks(t *testing.T) {
	doc, _ := scanJSON(t, "", "-f", demo, "-b", "all,pss-baseline")
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, bm := range b.Benchmarks {
		want = append(want, bm.ID)
	}
	if got := benchmarkIDs(doc); !slices.Equal(got, want) {
		t.Errorf("benchmarks %v, want every built-in one once: %v", got, want)
	}
	for control, status := range map[string]string{"5.1.2": "FAIL", "5.3.2": "FAIL", "5.4.1": "FAIL", "5.1.5": "PASS"} {
		if s := controlStatus(doc, "cis-1.12", control); s != status {
			t.Errorf("cis-1.12 %s is %s on the demo, want %s", control, s, status)
		}
	}
}

func TestScanStdinAndRepeatedOutputs(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "result.json")
	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: n}\nspec:\n  containers: [{name: c, image: i}]\n"
	r := runCLI(t, pod, "scan", "-f", "-", "-b", "pss-baseline", "-o", "json="+out, "-o", "table")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	if !strings.Contains(r.stdout, "Pod Security Standards, Baseline") || !strings.Contains(r.stdout, "100.0%") {
		t.Errorf("table on stdout:\n%s", r.stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if s := controlStatus(doc, "pss-baseline", "baseline.privileged"); s != "PASS" {
		t.Errorf("a plain pod: baseline.privileged is %s, want PASS", s)
	}
}

func TestNoWorkloadsIsSkipNotPass(t *testing.T) {
	doc, _ := scanJSON(t, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", "-f", "-", "-b", "pss-baseline")
	if s := controlStatus(doc, "pss-baseline", "baseline.privileged"); s != "SKIP" {
		t.Errorf("no workloads: baseline.privileged is %s, want SKIP", s)
	}
}

func TestFailOn(t *testing.T) {
	r := runCLI(t, "", "scan", "-f", demo, "-b", "pss-baseline", "-o", "json=/dev/null", "--fail-on", "FAIL")
	if r.code != exitFindings || !strings.Contains(r.err, "FAIL") {
		t.Errorf("exit %d, stderr %q; want 1 naming FAIL", r.code, r.err)
	}
	r = runCLI(t, "", "scan", "-f", demo, "-b", "pss-baseline", "-o", "json=/dev/null", "--fail-on", "ERROR")
	if r.code != exitOK {
		t.Errorf("exit %d with no ERROR control, stderr %q", r.code, r.err)
	}
}

// TestFailOnUnreadManifest: a privileged Deployment whose YAML breaks beside
// a clean manifest fails a CI gate of FAIL,ERROR (it exited 0 with
// pss-baseline at 100%); --exclude takes a folder of templates out.
func TestFailOnUnreadManifest(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ok.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\nspec:\n  containers:\n  - {name: a, image: nginx}\n")
	write("templates/root.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: root}\nspec:\n  template:\n    spec:\n      containers:\n      - name: sh\n        image: busybox\n        securityContext: {privileged: true}\n      volumes: [oops\n")
	r := runCLI(t, "", "scan", "-f", dir, "-b", "pss-baseline", "--fail-on", "FAIL,ERROR")
	if r.code != exitFindings || !strings.Contains(r.err, "ERROR") {
		t.Errorf("exit %d, stderr %q; want 1 naming ERROR", r.code, r.err)
	}
	if !strings.Contains(r.stdout, "templates/root.yaml") {
		t.Errorf("the table does not name the unread document:\n%s", r.stdout)
	}
	r = runCLI(t, "", "scan", "-f", dir, "-b", "pss-baseline", "--fail-on", "FAIL,ERROR", "--exclude", "templates")
	if r.code != exitOK {
		t.Errorf("with --exclude templates: exit %d, stderr %q", r.code, r.err)
	}
	r = runCLI(t, "", "scan", "-f", dir, "--exclude", "[")
	if r.code != exitUsage || !strings.Contains(r.err, "--exclude [") {
		t.Errorf("a malformed glob: exit %d, stderr %q", r.code, r.err)
	}
}

func TestUsageErrorsExitTwoAndNameTheProblem(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"scan", "-f", "nope.yaml"}, "-f nope.yaml"},
		{[]string{"scan", "-f", demo, "-b", "cis-9"}, `unknown benchmark "cis-9"`},
		{[]string{"scan", "-f", demo, "-o", "xml"}, `-o xml: unknown output format "xml"`},
		{[]string{"scan", "-f", demo, "-o", "json="}, "-o json=: missing file name"},
		{[]string{"scan", "-f", demo, "--fail-on", "BAD"}, "--fail-on BAD"},
		{[]string{"scan", "--kubeconfig", "/nonexistent/config"}, "--kubeconfig /nonexistent/config"},
		{[]string{"scan", "--bogus"}, "unknown flag: --bogus"},
		{[]string{"benchmarks", "show", "nope"}, `unknown benchmark "nope"`},
		{[]string{"scan", "--nodes", "-b", "cis-1.12", "--toleration", "dedicated"}, `--toleration: toleration "dedicated"`},
		{[]string{"scan", "--nodes", "-b", "cis-1.12", "--collector-timeout", "0s"}, "--collector-timeout 0s"},
		{[]string{"scan", "--nodes", "-b", "cis-1.12", "--kubeconfig", "/nonexistent/kubeconfig"}, "--nodes: --kubeconfig /nonexistent/kubeconfig: "},
		{[]string{"node", "--publish", "--root", "../../testdata/nodes/kubeadm", "--kubeconfig", "/nonexistent/kubeconfig"}, "--publish: --kubeconfig /nonexistent/kubeconfig: "},
	} {
		r := runCLI(t, "", tt.args...)
		if r.code != exitUsage || !strings.Contains(r.err, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, r.code, r.err, tt.want)
		}
	}
}

// TestConfigPrecedence: kubeassay.yaml < KUBEASSAY_* < flags.
func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "kubeassay.yaml")
	if err := os.WriteFile(cfg, []byte("benchmark: [pss-baseline]\noutput: [json]\nfilename: ["+demo+"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, _ := scanJSON(t, "", "--config", cfg)
	if got := strings.Join(benchmarkIDs(doc), ","); got != "pss-baseline" {
		t.Errorf("from the file: %s", got)
	}
	t.Setenv("KUBEASSAY_BENCHMARK", "pss-restricted")
	doc, _ = scanJSON(t, "", "--config", cfg)
	if got := strings.Join(benchmarkIDs(doc), ","); got != "pss-restricted" {
		t.Errorf("the environment should win over the file: %s", got)
	}
	doc, _ = scanJSON(t, "", "--config", cfg, "-b", "pss-baseline,pss-restricted")
	if got := strings.Join(benchmarkIDs(doc), ","); got != "pss-baseline,pss-restricted" {
		t.Errorf("the flag should win over the environment: %s", got)
	}
	r := runCLI(t, "", "scan", "--config", filepath.Join(dir, "missing.yaml"))
	if r.code != exitUsage || !strings.Contains(r.err, "--config") {
		t.Errorf("missing config: exit %d, %q", r.code, r.err)
	}
}

func TestBenchmarksAndVersion(t *testing.T) {
	r := runCLI(t, "", "benchmarks", "list")
	if r.code != 0 || !strings.Contains(r.stdout, "pss-restricted") || !strings.Contains(r.stdout, "pss-baseline") {
		t.Errorf("list: %d %s %s", r.code, r.stdout, r.err)
	}
	r = runCLI(t, "", "benchmarks", "show", "pss-restricted")
	if r.code != 0 || !strings.Contains(r.stdout, "restricted.volume-types") || !strings.Contains(r.stdout, "baseline.privileged") {
		t.Errorf("show: %d %s %s", r.code, r.stdout, r.err)
	}
	r = runCLI(t, "", "benchmarks", "show", "pss-baseline", "-o", "json")
	var b map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &b); err != nil || b["id"] != "pss-baseline" {
		t.Errorf("show -o json: %v %s", err, r.stdout)
	}
	r = runCLI(t, "", "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "kubeassay ") {
		t.Errorf("version: %q", r.stdout)
	}
	r = runCLI(t, "", "scan", "--help")
	if r.code != 0 || !strings.Contains(r.stdout, "Examples:") && !strings.Contains(r.stdout, "Example") {
		t.Errorf("scan --help has no examples: %s", r.stdout)
	}
}

func TestNodeCommandAndNodeFacts(t *testing.T) {
	out := filepath.Join(t.TempDir(), "node.json")
	r := runCLI(t, "", "node", "--root", "../../testdata/nodes/kubeadm", "--node-name", "cp-1", "-o", "json="+out)
	if r.code != 0 {
		t.Fatalf("node: exit %d: %s", r.code, r.err)
	}
	var facts map[string]any
	data, _ := os.ReadFile(out)
	if err := json.Unmarshal(data, &facts); err != nil {
		t.Fatal(err)
	}
	if facts["kind"] != "NodeFacts" || facts["platform"].(map[string]any)["name"] != "kubeadm" || facts["metadata"].(map[string]any)["name"] != "cp-1" {
		t.Errorf("node facts: kind %v platform %v metadata %v", facts["kind"], facts["platform"], facts["metadata"])
	}
	doc, _ := scanJSON(t, "", "--node-facts", out, "-b", "cis-1.12")
	// The fixture's kube-apiserver runs with --profiling=false and RBAC; its
	// scheduler manifest is world-readable.
	for id, want := range map[string]string{"1.2.15": "PASS", "1.2.6": "PASS", "1.1.5": "FAIL", "1.3.2": "PASS"} {
		if s := controlStatus(doc, "cis-1.12", id); s != want {
			t.Errorf("%s from the saved facts: %s, want %s", id, s, want)
		}
	}
	if s := controlStatus(doc, "cis-1.12", "1.2.20"); s != "MANUAL" {
		t.Errorf("1.2.20 is %s, want MANUAL", s)
	}
	r = runCLI(t, "", "scan", "--node-facts", "missing.json", "-b", "cis-1.12")
	if r.code != exitUsage || !strings.Contains(r.err, "--node-facts missing.json") {
		t.Errorf("missing facts file: %d %q", r.code, r.err)
	}
	r = runCLI(t, "", "node", "-o", "table")
	if r.code != exitUsage || !strings.Contains(r.err, "-o table") {
		t.Errorf("node -o table: %d %q", r.code, r.err)
	}
}

func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	p := &progress{w: &buf, on: true, start: time.Now()}
	p.listed(3, 7)
	p.update(12000)
	p.done()
	out := buf.String()
	if !strings.Contains(out, "3/7 kinds listed, 12000 objects") || !strings.HasSuffix(out, "\r\x1b[K") {
		t.Errorf("progress output %q", out)
	}
	var quiet bytes.Buffer
	q := newProgress(&quiet) // not a terminal
	q.listed(1, 2)
	q.update(5)
	q.done()
	if quiet.Len() != 0 {
		t.Errorf("progress printed to a non-terminal: %q", quiet.String())
	}
}

// TestCheckRunsChosenChecks: --check runs checks outside any benchmark, one
// control per check, instead of the default benchmark; with -b both run.
func TestCheckRunsChosenChecks(t *testing.T) {
	doc, _ := scanJSON(t, "", "-f", demo, "--check", "KA-POD-003")
	if got := strings.Join(benchmarkIDs(doc), ","); got != "checks" {
		t.Errorf("benchmarks %s, want only checks", got)
	}
	if s := controlStatus(doc, "checks", "KA-POD-003"); s != "FAIL" {
		t.Errorf("KA-POD-003 (privileged) on the demo is %s, want FAIL", s)
	}
	doc, _ = scanJSON(t, "", "-f", demo, "--check", "KA-POD-003", "-b", "pss-baseline")
	if got := strings.Join(benchmarkIDs(doc), ","); got != "pss-baseline,checks" {
		t.Errorf("benchmarks %s", got)
	}
	r := runCLI(t, "", "scan", "-f", demo, "--check", "KA-NOPE-1")
	if r.code != exitUsage || !strings.Contains(r.err, "--check KA-NOPE-1") {
		t.Errorf("unknown check: exit %d, %q", r.code, r.err)
	}
}

// TestReportRendersASavedResult: a saved JSON result renders again with
// nothing recomputed (JSON byte for byte, HTML, --fail-on on it), and a
// file that is not a result is refused naming it.
func TestReportRendersASavedResult(t *testing.T) {
	dir := t.TempDir()
	saved := filepath.Join(dir, "result.json")
	if r := runCLI(t, "", "scan", "-f", demo, "-b", "pss-baseline", "-o", "json="+saved); r.code != exitOK {
		t.Fatalf("scan: exit %d: %s", r.code, r.err)
	}
	again := filepath.Join(dir, "again.json")
	page := filepath.Join(dir, "report.html")
	if r := runCLI(t, "", "report", saved, "-o", "json="+again, "-o", "html="+page); r.code != exitOK {
		t.Fatalf("report: exit %d: %s", r.code, r.err)
	}
	a, _ := os.ReadFile(saved)
	b, _ := os.ReadFile(again)
	if !bytes.Equal(a, b) {
		t.Error("the re-rendered JSON differs from the saved one")
	}
	if html, _ := os.ReadFile(page); !bytes.Contains(html, []byte(`data-control="baseline.privileged"`)) {
		t.Error("the HTML report lacks the privileged control")
	}
	if r := runCLI(t, string(a), "report", "-", "--fail-on", "FAIL", "-o", "json=/dev/null"); r.code != exitFindings {
		t.Errorf("--fail-on FAIL on the saved result: exit %d", r.code)
	}
	notResult := filepath.Join(dir, "pod.yaml")
	if err := os.WriteFile(notResult, []byte(`{"apiVersion": "v1", "kind": "Pod"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, "", "report", notResult); r.code != exitUsage || !strings.Contains(r.err, notResult) {
		t.Errorf("a Pod as result: exit %d, %q", r.code, r.err)
	}
	if r := runCLI(t, "", "report", saved, "--paper", "a5", "-o", "json=/dev/null"); r.code != exitUsage || !strings.Contains(r.err, "--paper a5") {
		t.Errorf("--paper a5: exit %d, %q", r.code, r.err)
	}
	// .gz is written gzipped and read back as it is; --pretty indents the
	// same document; a v1 result from an older kubeassay is read.
	gz := filepath.Join(dir, "result.json.gz")
	if r := runCLI(t, "", "report", saved, "-o", "json="+gz); r.code != exitOK {
		t.Fatalf("report to .gz: exit %d: %s", r.code, r.err)
	}
	if z, _ := os.ReadFile(gz); len(z) < 2 || z[0] != 0x1f || z[1] != 0x8b || len(z) >= len(a) {
		t.Errorf("%s is not gzip smaller than the JSON (%d bytes of %d)", gz, len(z), len(a))
	}
	r := runCLI(t, "", "report", gz, "-o", "json")
	if r.code != exitOK || r.stdout != string(a) {
		t.Errorf("report of the .gz: exit %d %s, the JSON differs", r.code, r.err)
	}
	pretty := runCLI(t, "", "report", gz, "-o", "json", "--pretty")
	var x, y any
	if pretty.code != exitOK || !strings.HasPrefix(pretty.stdout, "{\n  \"apiVersion\": \"kubeassay/v2\"") ||
		json.Unmarshal([]byte(pretty.stdout), &x) != nil || json.Unmarshal(a, &y) != nil || !reflect.DeepEqual(x, y) {
		t.Errorf("--pretty: exit %d, not the same document indented:\n%.200s", pretty.code, pretty.stdout)
	}
	if strings.Contains(string(a), "\n  ") {
		t.Error("the default JSON is indented")
	}
	v1 := filepath.Join("..", "..", "report", "testdata", "v1", "demo-pss-nsa.json")
	if r := runCLI(t, "", "report", v1, "-o", "table"); r.code != exitOK || !strings.Contains(r.stdout, "baseline.privileged") {
		t.Errorf("report of a v1 result: exit %d %s", r.code, r.err)
	}
}
