package scan_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/nodefacts"
)

// Tests for the ways a control could pass on data that was never read
// (docs/status-rules.md). Each one failed before its fix.

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func runScan(t *testing.T, opts scan.Options) *report.Result {
	t.Helper()
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	res, err := scan.Run(context.Background(), b, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// kubeletNode is a node whose kubelet config file has the given file record.
func kubeletNode(name, file string) string {
	return `apiVersion: kubeassay/v1
kind: NodeFacts
metadata: {name: ` + name + `}
platform: {name: kubeadm, detected: true}
components:
  kubelet:
    name: kubelet
    running: true
    source: process
    flags: {config: [/var/lib/kubelet/config.yaml]}
    config: {defaults: config-file, configFile: /var/lib/kubelet/config.yaml, settings: {}}
files:
- ` + file + "\n"
}

// Hole 2: one node judged does not outweigh a node whose data could not be
// read. 4.1.9 was PASS with no reason.
func TestUnreadableNodeOutweighsAJudgedOne(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "a.yaml", kubeletNode("node-a", `{path: /var/lib/kubelet/config.yaml, roles: [kubelet-config], discoveredBy: ['flag:kubelet --config'], exists: true, type: file, mode: '0600', modeBits: 384, uid: 0, gid: 0, owner: root, group: root}`))
	unread := writeFile(t, dir, "b.yaml", kubeletNode("node-b", `{path: /var/lib/kubelet/config.yaml, roles: [kubelet-config], discoveredBy: ['flag:kubelet --config'], exists: true, type: symlink, error: 'symlink target: permission denied'}`))
	res := runScan(t, scan.Options{Benchmarks: []string{"cis-1.12"}, NodeFacts: []string{good, unread}})
	c := control(res, "cis-1.12", "4.1.9")
	if c.Status != report.StatusError || !strings.Contains(c.Reason, "NodeFacts/node-b") || !strings.Contains(c.Reason, "permission denied") {
		t.Errorf("4.1.9: %s (%s), want ERROR naming node-b and the error", c.Status, c.Reason)
	}
	// Alone, the good node passes: the ERROR above is node-b's doing.
	res = runScan(t, scan.Options{Benchmarks: []string{"cis-1.12"}, NodeFacts: []string{good}})
	if c := control(res, "cis-1.12", "4.1.9"); c.Status != report.StatusPass {
		t.Errorf("4.1.9 on node-a alone: %s (%s), want PASS", c.Status, c.Reason)
	}
}

const privilegedDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: root-shell
  namespace: default
spec:
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec:
      containers:
      - name: sh
        image: busybox
        securityContext: {privileged: true}
      volumes: [oops
`

const cleanPod = `apiVersion: v1
kind: Pod
metadata: {name: ok, namespace: default}
spec:
  containers:
  - name: app
    image: nginx
`

// Hole 4: a document that fails to parse leaves the controls that could have
// judged it ERROR (pss-baseline was 100%).
func TestUnreadableDocumentLeavesItsControlsUndecided(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "broken.yaml", privilegedDeployment)
	writeFile(t, dir, "good.yaml", cleanPod)
	res := runScan(t, scan.Options{Benchmarks: []string{"pss-baseline"}, Files: []string{dir}})
	if len(res.Errors) != 1 || res.Errors[0].Kind != "Deployment" {
		t.Fatalf("input errors %+v, want the Deployment", res.Errors)
	}
	for _, c := range res.Benchmarks[0].Controls {
		if c.Status == report.StatusPass {
			t.Errorf("%s is PASS while a Deployment could not be read", c.ID)
		}
	}
	c := control(res, "pss-baseline", "baseline.privileged")
	if c.Status != report.StatusError || !strings.Contains(c.Reason, "1 input document that could have been judged here was not read") || !strings.Contains(c.Reason, "broken.yaml") {
		t.Errorf("privileged: %s (%s)", c.Status, c.Reason)
	}
	if s := res.Benchmarks[0].Score; s.Percent != nil || s.Error == 0 {
		t.Errorf("score %+v: no percentage may be claimed over unread input", s)
	}
}

// A document whose kind cannot be seen could have been anything: every
// automated control is undecided.
func TestDocumentWithoutKindLeavesEveryControlUndecided(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "nokind.yaml", "apiVersion: v1\nmetadata: {name: x}\nspec: {containers: [{name: a, image: b}]}\n")
	writeFile(t, dir, "good.yaml", cleanPod)
	res := runScan(t, scan.Options{Benchmarks: []string{"pss-restricted"}, Files: []string{dir}})
	for _, c := range res.Benchmarks[0].Controls {
		if c.Automated && c.Status != report.StatusError && c.Status != report.StatusFail {
			t.Errorf("%s is %s, want ERROR or FAIL", c.ID, c.Status)
		}
	}
	// A document of a kind no control judges changes nothing.
	dir = t.TempDir()
	writeFile(t, dir, "cm.yaml", "apiVersion: v1\nkind: ConfigMap\ndata: [\n")
	writeFile(t, dir, "good.yaml", cleanPod)
	res = runScan(t, scan.Options{Benchmarks: []string{"pss-baseline"}, Files: []string{dir}})
	if c := control(res, "pss-baseline", "baseline.privileged"); c.Status != report.StatusPass {
		t.Errorf("privileged with an unread ConfigMap: %s (%s), want PASS", c.Status, c.Reason)
	}
}

// --exclude leaves templates out of a directory scan, so that users who
// keep them beside manifests are not left with ERROR.
func TestExcludeLeavesTemplatesOut(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "templates/deploy.yaml", "kind: Deployment\nspec: {{ .Values.spec }}\n")
	writeFile(t, dir, "app.tmpl.yaml", "kind: Pod\nmetadata: {{ .name }}\n")
	writeFile(t, dir, "good.yaml", cleanPod)
	res := runScan(t, scan.Options{Benchmarks: []string{"pss-baseline"}, Files: []string{dir}, Exclude: []string{"templates", "*.tmpl.yaml"}})
	if len(res.Errors) != 0 {
		t.Errorf("errors %+v, want the templates left out", res.Errors)
	}
	if c := control(res, "pss-baseline", "baseline.privileged"); c.Status != report.StatusPass {
		t.Errorf("privileged: %s (%s)", c.Status, c.Reason)
	}
	res = runScan(t, scan.Options{Benchmarks: []string{"pss-baseline"}, Files: []string{dir}})
	if len(res.Errors) != 2 {
		t.Errorf("without --exclude: errors %+v, want both templates", res.Errors)
	}
}

// Hole 4: an empty or truncated --node-facts document is a node whose facts
// are missing: the node controls are ERROR naming it, never SKIP or PASS.
func TestEmptyOrTruncatedNodeFactsAreMissingNodes(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.yaml", kubeletNode("node-a", `{path: /var/lib/kubelet/config.yaml, roles: [kubelet-config], discoveredBy: ['flag:kubelet --config'], exists: true, type: file, mode: '0600', modeBits: 384, uid: 0, gid: 0, owner: root, group: root}`))
	data, err := os.ReadFile(writeFixtureFacts(t))
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{
		"empty.json":     "",
		"blank.json":     "\n  \n",
		"truncated.json": string(data[:len(data)/2]),
		"other.yaml":     "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
	} {
		bad := writeFile(t, dir, name, content)
		res := runScan(t, scan.Options{Benchmarks: []string{"cis-1.12"}, NodeFacts: []string{good, bad}})
		c := control(res, "cis-1.12", "4.1.9")
		if c.Status != report.StatusError || !strings.Contains(c.Reason, name) {
			t.Errorf("%s: 4.1.9 is %s (%s), want ERROR naming the file", name, c.Status, c.Reason)
		}
		for _, c := range res.Benchmarks[0].Controls {
			if c.Status == report.StatusPass {
				t.Errorf("%s: %s is PASS with a node's facts missing", name, c.ID)
			}
		}
		if len(res.Errors) != 1 || res.Errors[0].Kind != "NodeFacts" {
			t.Errorf("%s: input errors %+v", name, res.Errors)
		}
	}
}

// TestCanaryNeverReachesAReport: the canary node (sources/nodefacts/testdata/canary:
// every token, password, key and credential header is a string starting
// with CANARY) scanned with --local-node leaves no secret in any report
// format; the redacted settings are still judged.
func TestCanaryNeverReachesAReport(t *testing.T) {
	res := runScan(t, scan.Options{
		Benchmarks:       []string{"cis-1.12"},
		LocalNode:        true,
		LocalNodeOptions: nodefacts.Options{Root: filepath.Join("..", "sources", "nodefacts", "testdata", "canary"), ToolVersion: "test"},
	})
	judged := 0
	for _, c := range res.Benchmarks[0].Controls {
		if c.Evaluated > 0 {
			judged++
		}
	}
	if judged == 0 {
		t.Fatal("no control judged the canary node: the test proves nothing")
	}
	for _, format := range report.Formats() {
		var buf bytes.Buffer
		w, err := report.NewWriter(format, report.Options{MaxFindings: -1})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(&buf, res); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if strings.Contains(buf.String(), "CANARY") {
			i := strings.Index(buf.String(), "CANARY")
			t.Errorf("%s report holds a secret: ...%s...", format, buf.String()[max(0, i-80):min(buf.Len(), i+40)])
		}
	}
}
