package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Installed as kubectl-assay, the binary is a kubectl plugin: its help and
// usage say 'kubectl assay', and kubectl's connection flags work as they do
// for kubectl (--kubeconfig, --context, -n). Proved by running the built
// binary under that name.
func TestKubectlPlugin(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "kubectl-assay")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "scan", "--help").CombinedOutput()
	if err != nil {
		t.Fatal(err)
	}
	help := string(out)
	if !strings.Contains(help, "Usage:\n  kubectl assay scan ") {
		t.Errorf("the plugin's usage does not say 'kubectl assay scan':\n%s", help)
	}
	for _, flag := range []string{"--kubeconfig", "--context", "--cluster", "--user", "-n, --namespace"} {
		if !strings.Contains(help, flag) {
			t.Errorf("the plugin lacks kubectl's %s", flag)
		}
	}
	// Under its own name nothing changes.
	if isKubectlPlugin("kubeassay") || !isKubectlPlugin("kubectl-assay.exe") {
		t.Error("plugin name detection")
	}
	if _, err := os.Stat(filepath.Join("..", "..", "deploy", "krew", "assay.yaml")); err != nil {
		t.Errorf("no krew manifest template: %v", err)
	}
}
