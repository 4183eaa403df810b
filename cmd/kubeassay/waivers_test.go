package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Waivers come from kubeassay.yaml and from --waiver-file, named by file
// and index; a misspelt key in a waiver is an error naming the file, not a
// waiver silently widened or voided.
func TestWaiversFromConfigAndFiles(t *testing.T) {
	dir := t.TempDir()
	expires := time.Now().AddDate(0, 2, 0).Format("2006-01-02")
	config := filepath.Join(dir, "kubeassay.yaml")
	os.WriteFile(config, []byte(`benchmark: [pss-baseline]
waivers:
  - control: pss-baseline/baseline.privileged
    namespace: tools
    name: debug
    justification: debugging
    owner: sre
    expires: "`+expires+`"
`), 0o644)
	extra := filepath.Join(dir, "more.yaml")
	os.WriteFile(extra, []byte(`waivers:
  - check: KA-POD-003
    name: agent
    justification: node agent
    owner: platform
    expires: "`+expires+`"
`), 0o644)
	r := runCLI(t, "", "scan", "-f", "../../waivers/testdata/pods.yaml", "--config", config, "--waiver-file", extra, "-o", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	var res struct {
		Waivers []struct{ ID, Source, State string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, w := range res.Waivers {
		got = append(got, w.ID+" "+w.State+" "+w.Source)
	}
	want := []string{"config/1 active " + config + ": waivers[0]", "config/2 active " + extra + ": waivers[0]", "annotation/Pod/tools/agent invalid annotations of Pod/tools/agent (../../waivers/testdata/pods.yaml: document 2)"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("waivers:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Both privileged pods are waived: --fail-on FAIL does not trip on it,
	// and the table says the control is WAIVED and not counted.
	r = runCLI(t, "", "scan", "-f", "../../waivers/testdata/pods.yaml", "--config", config, "--waiver-file", extra, "--fail-on", "FAIL")
	if r.code != 0 || !strings.Contains(r.stdout, "WAIVED  baseline.privileged") || !strings.Contains(r.stdout, "(1 waived control not counted)") {
		t.Fatalf("exit %d, table:\n%s\n%s", r.code, r.stdout, r.err)
	}
	os.WriteFile(extra, []byte("waivers:\n  - check: KA-POD-003\n    justfication: typo\n    owner: me\n    expires: \"2030-01-01\"\n"), 0o644)
	r = runCLI(t, "", "scan", "-f", "../../waivers/testdata/pods.yaml", "--config", config, "--waiver-file", extra)
	if r.code != 2 || !strings.Contains(r.err, extra) || !strings.Contains(r.err, "justfication") {
		t.Fatalf("a misspelt key: exit %d %s", r.code, r.err)
	}
	os.WriteFile(extra, []byte("waivers:\n  - check: KA-POD-003\n    justification: x\n    owner: me\n"), 0o644)
	r = runCLI(t, "", "scan", "-f", "../../waivers/testdata/pods.yaml", "--config", config, "--waiver-file", extra)
	if r.code != 2 || !strings.Contains(r.err, extra+": waivers[0]: has no expiry date") {
		t.Fatalf("a waiver without expiry: exit %d %s", r.code, r.err)
	}
}
