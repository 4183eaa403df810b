package scan_test

import (
	"context"
	"strings"
	"testing"
	"time"

	networkingv1 "k8s.io/api/networking/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/cluster"
)

// TestLiveInventoryControls scans a real API server for the CIS controls
// decided by inventory checks: the namespaces without a NetworkPolicy and
// the extra cluster-admin binding are named; a scan limited to a namespace
// judges only that one; a token that may not list the kinds leaves them
// ERROR, never PASS.
func TestLiveInventoryControls(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, cs := startShop(ctx, t)
	defer c.Stop()
	grantAllButPods(ctx, t, cs, "no-pods")
	if _, err := cs.NetworkingV1().NetworkPolicies("shop").Create(ctx, &networkingv1.NetworkPolicy{
		ObjectMeta: metav1.ObjectMeta{Name: "default-deny"},
		Spec:       networkingv1.NetworkPolicySpec{PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeIngress}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "ops-admin"},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "cluster-admin"},
		Subjects:   []rbacv1.Subject{{Kind: "User", Name: "alice", APIGroup: "rbac.authorization.k8s.io"}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	live := func(token string, ns ...string) map[string]shown {
		t.Helper()
		res, err := scan.Run(ctx, b, scan.Options{
			Benchmarks: []string{"cis-1.12"},
			Cluster:    &scan.ClusterSource{Config: c.RESTConfig(token), Options: cluster.Options{Namespaces: ns}},
		})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]shown{}
		for _, ctl := range res.Benchmarks[0].Controls {
			out[ctl.ID] = view(res, ctl)
		}
		return out
	}
	named := func(c shown, kind string) map[string]bool {
		out := map[string]bool{}
		for _, f := range c.Findings {
			if f.Resource.Kind == kind {
				out[f.Resource.Name] = true
			}
		}
		return out
	}

	got := live(c.AdminToken)
	np := got["5.3.2"]
	if ns := named(np, "Namespace"); np.Status != report.StatusFail || !ns["default"] || !ns["kube-system"] || ns["shop"] {
		t.Errorf("5.3.2: %s (%s), namespaces named %v: want FAIL naming default and kube-system, not shop", np.Status, np.Reason, ns)
	}
	admin := got["5.1.1"]
	if crbs := named(admin, "ClusterRoleBinding"); admin.Status != report.StatusFail || !crbs["ops-admin"] || crbs["cluster-admin"] {
		t.Errorf("5.1.1: %s (%s), bindings named %v: want FAIL naming ops-admin, not the built-in cluster-admin", admin.Status, admin.Reason, crbs)
	}
	for _, f := range admin.Findings {
		if f.Resource.Name == "ops-admin" && !strings.Contains(f.Message, `User "alice"`) {
			t.Errorf("5.1.1 finding %q does not name the subject", f.Message)
		}
	}

	// Limited to shop, which has its policy: the other namespaces are not
	// listed, so not failed.
	if np := live(c.AdminToken, "shop")["5.3.2"]; np.Status != report.StatusPass {
		t.Errorf("5.3.2 in shop only: %s (%s) %+v, want PASS", np.Status, np.Reason, np.Findings)
	}

	// A token that may list workloads only: the inventory kinds are
	// forbidden, and their controls ERROR.
	got = live(c.TokenFor("no-pods"))
	for id, kind := range map[string]string{"5.1.1": "ClusterRoleBinding could not be read: forbidden", "5.3.2": "Namespace could not be read: forbidden", "5.1.5": "ServiceAccount could not be read: forbidden"} {
		if ctl := got[id]; ctl.Status != report.StatusError || !strings.Contains(ctl.Reason, kind) {
			t.Errorf("without the RBAC to list them, %s is %s (%s), want ERROR", id, ctl.Status, ctl.Reason)
		}
	}
}
