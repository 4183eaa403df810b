package cluster

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --cluster and --user pick another cluster and user of the kubeconfig than
// the context's, as kubectl's do; an unknown one is an error naming it.
func TestRESTConfigClusterAndUser(t *testing.T) {
	kubeconfig := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(kubeconfig, []byte(`apiVersion: v1
kind: Config
current-context: staging
contexts:
- name: staging
  context: {cluster: staging, user: viewer}
clusters:
- name: staging
  cluster: {server: "https://staging.example:6443"}
- name: prod
  cluster: {server: "https://prod.example:6443"}
users:
- name: viewer
  user: {token: viewer-token}
- name: auditor
  user: {token: auditor-token}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := RESTConfig(Options{Kubeconfig: kubeconfig})
	if err != nil || cfg.Host != "https://staging.example:6443" || cfg.BearerToken != "viewer-token" {
		t.Fatalf("the context's: %v %v", cfg, err)
	}
	cfg, err = RESTConfig(Options{Kubeconfig: kubeconfig, Cluster: "prod", User: "auditor"})
	if err != nil || cfg.Host != "https://prod.example:6443" || cfg.BearerToken != "auditor-token" {
		t.Fatalf("--cluster prod --user auditor: %v %v", cfg, err)
	}
	if _, err := RESTConfig(Options{Kubeconfig: kubeconfig, Cluster: "nope"}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("an unknown cluster: %v", err)
	}
}
