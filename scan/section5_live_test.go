package scan_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/dev/testcluster"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
)

// TestLiveSection5 loads the demo workload (testdata/demo: a risky
// ClusterRoleBinding, a namespace exempted from Pod Security, namespaces
// without NetworkPolicy, a Secret in an environment variable) into a real
// API server, scans it against CIS and NSA/CISA, and asserts exactly which
// objects fail each control decided from cluster state. Then it scans with a
// token that may list every kind but RoleBindings: every control that needs
// them is ERROR, none PASS.
func TestLiveSection5(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	const limited = "no-rolebindings"
	c, err := testcluster.Start(ctx, testcluster.Options{Tokens: []testcluster.Token{{User: limited}}, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	objs, err := testcluster.ReadManifests(ctx, filepath.Join("..", "testdata", "demo"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateObjects(ctx, objs, 4); err != nil {
		t.Fatal(err)
	}
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	grantAllBut(ctx, t, c, b, limited, checks.GroupKind{Group: "rbac.authorization.k8s.io", Kind: "RoleBinding"})
	scanAs := func(token string) map[string]shown {
		t.Helper()
		res, err := scan.Run(ctx, b, scan.Options{
			Benchmarks: []string{"cis-1.12", "nsa-cisa-1.2"},
			Cluster:    &scan.ClusterSource{Config: c.RESTConfig(token)},
		})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]shown{}
		for _, bm := range res.Benchmarks {
			for _, ctl := range bm.Controls {
				out[bm.ID+"/"+ctl.ID] = view(res, ctl)
			}
		}
		return out
	}

	got := scanAs(c.AdminToken)
	for id, want := range section5Failures {
		ctl, ok := got[id]
		if !ok {
			t.Errorf("%s: no such control", id)
			continue
		}
		if have := failingObjects(ctl); ctl.Status != report.StatusFail || !slices.Equal(have, want) {
			t.Errorf("%s: %s (%s)\n  failing objects %q\n  want FAIL with %q", id, ctl.Status, ctl.Reason, have, want)
		}
	}
	for _, id := range section5Passes {
		if ctl := got[id]; ctl.Status != report.StatusPass {
			t.Errorf("%s: %s (%s) %q, want PASS", id, ctl.Status, ctl.Reason, failingObjects(ctl))
		}
	}
	for _, f := range got["cis-1.12/5.1.2"].Findings {
		if !strings.Contains(f.Message, "ServiceAccount reports/reporter") || !strings.Contains(f.Message, "ClusterRole report-reader") {
			t.Errorf("5.1.2 finding %q does not name the subject and the role", f.Message)
		}
	}

	// Without RoleBindings: ERROR saying why, or FAIL (a finding among the
	// objects read stands) saying what could not be read; never PASS.
	got = scanAs(c.TokenFor(limited))
	errors := 0
	for _, id := range needRoleBindings {
		ctl := got[id]
		if (ctl.Status != report.StatusError && ctl.Status != report.StatusFail) || !strings.Contains(ctl.Reason, "RoleBinding could not be read: forbidden") {
			t.Errorf("without RoleBindings, %s is %s (%s), want ERROR or FAIL saying why", id, ctl.Status, ctl.Reason)
		}
		if ctl.Status == report.StatusError {
			errors++
		}
	}
	if errors < len(needRoleBindings)-2 {
		t.Errorf("without RoleBindings only %d of %d controls are ERROR", errors, len(needRoleBindings))
	}
}

// section5Failures: every object (Kind/namespace/name) each control must
// fail on the demo cluster, and nothing else. The API server's own built-in
// roles and bindings are there too: they must not appear.
var section5Failures = map[string][]string{
	"cis-1.12/5.1.2":                                     {"ClusterRoleBinding//reporter-reads-everything"},
	"cis-1.12/5.2.2":                                     {"Deployment/shop/payments", "Namespace//default", "Namespace//shop", "Pod/default/debug"},
	"cis-1.12/5.3.2":                                     {"Namespace//default", "Namespace//kube-node-lease", "Namespace//kube-public", "Namespace//kube-system", "Namespace//reports"},
	"cis-1.12/5.4.1":                                     {"CronJob/reports/nightly-report"},
	"nsa-cisa-1.2/nsa.network.default-deny":              {"Namespace//default", "Namespace//kube-node-lease", "Namespace//kube-public", "Namespace//kube-system", "Namespace//reports"},
	"nsa-cisa-1.2/nsa.network.resource-quota":            {"Namespace//default", "Namespace//kube-node-lease", "Namespace//kube-public", "Namespace//kube-system", "Namespace//reports"},
	"nsa-cisa-1.2/nsa.network.credentials-in-configmaps": {"ConfigMap/reports/report-settings"},
	"nsa-cisa-1.2/nsa.network.credentials-in-env":        {"CronJob/reports/nightly-report"},
	"nsa-cisa-1.2/nsa.pod.security-admission":            {"Namespace//default", "Namespace//shop"},
}

// section5Passes: controls the demo cluster meets.
var section5Passes = []string{
	"cis-1.12/5.1.8", "cis-1.12/5.1.9", "cis-1.12/5.1.10", "cis-1.12/5.1.11", "cis-1.12/5.1.12", "cis-1.12/5.1.13",
	"cis-1.12/5.2.1", "nsa-cisa-1.2/nsa.auth.cluster-admin", "nsa-cisa-1.2/nsa.network.kube-system",
}

// needRoleBindings: controls decided from RoleBindings among other kinds.
var needRoleBindings = []string{
	"cis-1.12/5.1.1", "cis-1.12/5.1.2", "cis-1.12/5.1.4", "cis-1.12/5.1.5", "cis-1.12/5.1.8",
	"cis-1.12/5.1.9", "cis-1.12/5.1.10", "cis-1.12/5.1.11", "cis-1.12/5.1.12", "cis-1.12/5.1.13",
}

// failingObjects lists the objects a control's FAIL findings name, sorted
// and without repeats.
func failingObjects(ctl shown) []string {
	var out []string
	for _, f := range ctl.Findings {
		if f.Status != report.StatusFail {
			continue
		}
		out = append(out, fmt.Sprintf("%s/%s/%s", f.Resource.Kind, f.Resource.Namespace, f.Resource.Name))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// grantAllBut lets user list every kind the built-in benchmarks read except
// the one left out.
func grantAllBut(ctx context.Context, t *testing.T, c *testcluster.Cluster, b *scan.Builtin, user string, except checks.GroupKind) {
	t.Helper()
	var rules []rbacv1.PolicyRule
	for _, k := range b.ClusterKinds() {
		res, ok := checks.Resource(k)
		if !ok || k == except {
			continue
		}
		rules = append(rules, rbacv1.PolicyRule{APIGroups: checks.Groups(k), Resources: []string{res}, Verbs: []string{"list"}})
	}
	grant(ctx, t, c.Clientset(t, c.AdminToken), user, rules)
}
