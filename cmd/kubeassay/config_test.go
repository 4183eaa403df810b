package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The rbac and node commands read their flags through the same binding as
// scan (TestConfigPrecedence): kubeassay.yaml < KUBEASSAY_* < flags.

func TestWhoCanConfig(t *testing.T) {
	dir := writeWhoCanManifests(t, "")
	cfg := filepath.Join(t.TempDir(), "kubeassay.yaml")
	if err := os.WriteFile(cfg, []byte("filename: ["+dir+"]\nnamespace: [team-a]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// From the file: the manifests and the namespace.
	r := runCLI(t, "", "rbac", "who-can", "get", "secrets", "--config", cfg)
	if r.code != 0 || !strings.Contains(r.stdout, "in namespace team-a") || !strings.Contains(r.stdout, "User alice") {
		t.Errorf("from the file: exit %d\n%s\n%s", r.code, r.stdout, r.err)
	}
	// The environment wins over the file, the flag over the environment.
	t.Setenv("KUBEASSAY_WHO_CAN_OUTPUT", "json")
	t.Setenv("KUBEASSAY_NAMESPACE", "team-b")
	r = runCLI(t, "", "rbac", "who-can", "get", "secrets", "--config", cfg)
	var res whoCanResult
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || r.code != 0 || res.Attributes.Namespace != "team-b" {
		t.Errorf("KUBEASSAY_WHO_CAN_OUTPUT=json KUBEASSAY_NAMESPACE=team-b: exit %d, %v\n%s\n%s", r.code, err, r.stdout, r.err)
	}
	r = runCLI(t, "", "rbac", "who-can", "get", "secrets", "--config", cfg, "-o", "table", "-n", "team-a")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "Who can get secrets in namespace team-a:") {
		t.Errorf("-o table -n team-a over the environment: exit %d\n%s\n%s", r.code, r.stdout, r.err)
	}
	// scan's list of namespaces is no question for who-can.
	t.Setenv("KUBEASSAY_NAMESPACE", "team-a,team-b")
	r = runCLI(t, "", "rbac", "who-can", "get", "secrets", "-f", dir)
	if r.code != exitUsage || !strings.Contains(r.err, "-n team-a,team-b: one namespace only") {
		t.Errorf("two namespaces: exit %d, %q", r.code, r.err)
	}
}

func TestRisksConfig(t *testing.T) {
	dir := writeRisksManifests(t, "")
	// scan's output setting is scan's: risks would write over its result.
	result := filepath.Join(t.TempDir(), "result.json")
	cfg := filepath.Join(t.TempDir(), "kubeassay.yaml")
	if err := os.WriteFile(cfg, []byte("output: [table, json="+result+"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KUBEASSAY_OUTPUT", "json="+result)
	r := runCLI(t, "", "rbac", "risks", "-f", dir, "--config", cfg)
	if _, err := os.Stat(result); r.code != 0 || !os.IsNotExist(err) || !strings.Contains(r.stdout, "SUBJECT") {
		t.Errorf("scan's output setting reached rbac risks: exit %d, %v\n%s", r.code, err, r.stdout)
	}
	// Its own: a section of the file, or KUBEASSAY_RISKS_OUTPUT.
	if err := os.WriteFile(cfg, []byte("output: [table, json="+result+"]\nrisks:\n  output: [json]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, "", "rbac", "risks", "-f", dir, "--config", cfg)
	if !strings.HasPrefix(r.stdout, "{") {
		t.Errorf("risks.output in the file: exit %d\n%s", r.code, r.stdout)
	}
	t.Setenv("KUBEASSAY_MIN_SEVERITY", "critical")
	t.Setenv("KUBEASSAY_RISKS_OUTPUT", "json")
	r = runCLI(t, "", "rbac", "risks", "-f", dir)
	var res risksResult
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || r.code != 0 || res.MinSeverity.String() != "critical" || len(res.Findings) != 1 {
		t.Errorf("KUBEASSAY_MIN_SEVERITY=critical KUBEASSAY_RISKS_OUTPUT=json: exit %d, %v\n%s\n%s", r.code, err, r.stdout, r.err)
	}
	r = runCLI(t, "", "rbac", "risks", "-f", dir, "--min-severity", "high", "-o", "table")
	if r.code != 0 || !strings.Contains(r.stdout, "(severity high or above)") {
		t.Errorf("the flags over the environment: exit %d\n%s\n%s", r.code, r.stdout, r.err)
	}
	t.Setenv("KUBEASSAY_ALL", "true")
	r = runCLI(t, "", "rbac", "risks", "-f", dir, "-o", "table")
	if r.code != 0 || !strings.Contains(r.stdout, "Group system:masters") {
		t.Errorf("KUBEASSAY_ALL=true: exit %d\n%s\n%s", r.code, r.stdout, r.err)
	}
}

func TestNodeConfig(t *testing.T) {
	out := filepath.Join(t.TempDir(), "node.json")
	t.Setenv("KUBEASSAY_ROOT", "../../testdata/nodes/kubeadm")
	t.Setenv("KUBEASSAY_NODE_NAME", "from-env")
	t.Setenv("KUBEASSAY_NODE_OUTPUT", "json="+out)
	r := runCLI(t, "", "node")
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("node: exit %d\n%s\n%s", r.code, r.stdout, r.err)
	}
	var facts struct {
		Metadata struct{ Name string }
		Platform struct{ Name string }
	}
	data, _ := os.ReadFile(out)
	if err := json.Unmarshal(data, &facts); err != nil || facts.Metadata.Name != "from-env" || facts.Platform.Name != "kubeadm" {
		t.Errorf("from the environment: %v %+v", err, facts)
	}
	r = runCLI(t, "", "node", "--node-name", "from-flag", "-o", "json")
	if err := json.Unmarshal([]byte(r.stdout), &facts); err != nil || r.code != 0 || facts.Metadata.Name != "from-flag" {
		t.Errorf("the flags over the environment: exit %d, %v %+v\n%s", r.code, err, facts, r.err)
	}
}

// config init prints every setting; the file it prints is read without
// error and changes nothing; a key no command reads is an error naming the
// key and the file, with the nearest known key.
func TestConfigInitAndUnknownKeys(t *testing.T) {
	r := runCLI(t, "", "config", "init")
	if r.code != 0 {
		t.Fatalf("config init: %d %s", r.code, r.err)
	}
	for _, want := range []string{"\nbenchmark: [\"auto\"]\n", "\nfail-below: []\n", "\nrisks:\n", "  output: []\n", "# (scan)\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("config init lacks %q", want)
		}
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "kubeassay.yaml")
	if err := os.WriteFile(file, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	with := runCLI(t, "", "scan", "-f", demo, "-b", "pss-baseline", "-o", "json", "--config", file)
	without := runCLI(t, "", "scan", "-f", demo, "-b", "pss-baseline", "-o", "json")
	strip := func(s string) string { // times and the command line differ
		var doc map[string]any
		json.Unmarshal([]byte(s), &doc)
		delete(doc, "metadata")
		out, _ := json.Marshal(doc)
		return string(out)
	}
	if with.code != 0 || strip(with.stdout) != strip(without.stdout) {
		t.Errorf("the default file changed the scan: exit %d %s", with.code, with.err)
	}
	os.WriteFile(file, []byte("benchmarks: [pss-baseline]\nfail-on: [FAIL]\n"), 0o644)
	r = runCLI(t, "", "scan", "-f", demo, "--config", file)
	if r.code != 2 || !strings.Contains(r.err, file+`: unknown key "benchmarks"`) {
		t.Errorf("an unknown key: exit %d %s", r.code, r.err)
	}
	os.WriteFile(file, []byte("benchmark: [pss-baseline]\nfail-onn: [FAIL]\n"), 0o644)
	r = runCLI(t, "", "scan", "-f", demo, "--config", file)
	if r.code != 2 || !strings.Contains(r.err, `unknown key "fail-onn" (did you mean "fail-on"?)`) {
		t.Errorf("a typo: exit %d %s", r.code, r.err)
	}
}
