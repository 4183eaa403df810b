package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kubeassay/kubeassay/dev/testcluster"
)

// Two local control planes configured differently: "staging" enforces the
// restricted Pod Security level on its app namespace and runs a clean pod;
// "prod" enforces nothing and runs a privileged one. Each is scanned
// through the command line with its kubeconfig, and compare tells the drift
// from staging to prod: CIS 5.2.1 (an active pod admission policy) and the privileged controls newly
// failing, the privileged pod a new finding, and --fail-on-regression
// exits 1.
func TestCompareTwoLiveClusters(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dir := t.TempDir()
	results := map[string]string{}
	for _, env := range []struct {
		name   string
		labels map[string]string
		pod    map[string]any
	}{
		{"staging", map[string]string{"pod-security.kubernetes.io/enforce": "restricted"}, map[string]any{"containers": []any{map[string]any{"name": "app", "image": "nginx",
			"securityContext": map[string]any{"runAsNonRoot": true, "allowPrivilegeEscalation": false, "capabilities": map[string]any{"drop": []any{"ALL"}}, "seccompProfile": map[string]any{"type": "RuntimeDefault"}}}}}},
		{"prod", nil, map[string]any{"containers": []any{map[string]any{"name": "app", "image": "nginx", "securityContext": map[string]any{"privileged": true}}}}},
	} {
		c, err := testcluster.Start(ctx, testcluster.Options{Logf: t.Logf})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Stop()
		if err := c.CreateNamespace(ctx, "shop", env.labels); err != nil {
			t.Fatal(err)
		}
		if _, err := c.CreateObjects(ctx, []map[string]any{{"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{"name": "web", "namespace": "shop"}, "spec": env.pod}}, 1); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, env.name+".json")
		if r := runCLI(t, "", "scan", "--kubeconfig", c.KubeconfigPath, "-b", "cis-1.12,pss-baseline", "-o", "json="+out); r.code != 0 {
			t.Fatalf("scan %s: %d %s", env.name, r.code, r.err)
		}
		results[env.name] = out
	}
	r := runCLI(t, "", "compare", results["staging"], results["prod"], "-o", "json", "--fail-on-regression")
	if r.code != 1 {
		t.Fatalf("compare: exit %d %s", r.code, r.err)
	}
	var c struct {
		Drift struct {
			NewlyFailing []struct{ Benchmark, Control string } `json:"newlyFailing"`
			NewFindings  []struct {
				Check   string
				Finding struct {
					Resource struct{ Namespace, Name string }
				}
			} `json:"newFindings"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &c); err != nil {
		t.Fatal(err)
	}
	newly := map[string]bool{}
	for _, ch := range c.Drift.NewlyFailing {
		newly[ch.Benchmark+" "+ch.Control] = true
	}
	for _, want := range []string{"pss-baseline baseline.privileged", "cis-1.12 5.2.1"} {
		if !newly[want] {
			t.Errorf("%s is not newly failing: %v", want, newly)
		}
	}
	found := false
	for _, f := range c.Drift.NewFindings {
		if f.Check == "KA-POD-003" && f.Finding.Resource.Name == "web" {
			found = true
		}
	}
	if !found {
		t.Errorf("the privileged pod is not a new finding: %s", strings.TrimSpace(r.stdout)[:min(2000, len(r.stdout))])
	}
}
