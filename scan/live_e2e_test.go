package scan_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kubeassay/kubeassay/dev/testcluster"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/cluster"
)

// TestLiveScan scans a real API server: a privileged pod fails, a clean
// namespace passes, and a token that may not list pods turns every pod
// control into ERROR instead of PASS.
func TestLiveScan(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, cs := startShop(ctx, t)
	defer c.Stop()
	grantAllButPods(ctx, t, cs, "no-pods")
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	live := func(token string, ns ...string) map[string]shown {
		t.Helper()
		res, err := scan.Run(ctx, b, scan.Options{
			Benchmarks: []string{"pss-baseline"},
			Cluster:    &scan.ClusterSource{Config: c.RESTConfig(token), Options: cluster.Options{Namespaces: ns}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if res.Metadata.Cluster == nil || res.Metadata.Cluster.Version != testcluster.KubernetesVersion || res.Metadata.Source.Type != "cluster" {
			t.Errorf("cluster metadata %+v, source %+v", res.Metadata.Cluster, res.Metadata.Source)
		}
		if id := res.Metadata.Cluster.Identity; id == nil || id.Username == "" || !slices.Contains(id.Groups, "system:authenticated") {
			t.Errorf("identity %+v, want the token's user (SelfSubjectReview)", id)
		}
		out := map[string]shown{}
		for _, ctl := range res.Benchmarks[0].Controls {
			out[ctl.ID] = view(res, ctl)
		}
		return out
	}

	got := live(c.AdminToken)
	if p := got["baseline.privileged"]; p.Status != report.StatusFail || len(p.Findings) != 1 || p.Findings[0].Resource.Name != "debug" {
		t.Errorf("privileged: %s %+v", p.Status, p.Findings)
	}
	if p := got["baseline.host-namespaces"]; p.Status != report.StatusPass {
		t.Errorf("host namespaces: %s %s", p.Status, p.Reason)
	}

	got = live(c.TokenFor("no-pods"))
	for id, ctl := range got {
		if ctl.Status != report.StatusError || !strings.Contains(ctl.Reason, "Pod could not be read: forbidden") {
			t.Errorf("without pods, %s is %s (%s), want ERROR", id, ctl.Status, ctl.Reason)
		}
	}
}
