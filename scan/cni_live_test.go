package scan_test

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeassay/kubeassay/dev/testcluster"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/cluster"
)

// The network plugins' policies, as a user would apply them to a cluster
// that serves Cilium's, Calico's and the Network Policy API's CRDs (the
// projects' own CRD manifests: the API server prunes and validates what the
// checks read, as it would on a real cluster).
const cniPolicies = `apiVersion: v1
kind: Namespace
metadata: {name: cni-cnp}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: default-deny, namespace: cni-cnp}
spec:
  endpointSelector: {}
  ingress: [{}]
  egress: [{}]
---
apiVersion: v1
kind: Namespace
metadata: {name: cni-ccnp}
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: ccnp-default-deny}
spec:
  endpointSelector:
    matchLabels: {"k8s:io.kubernetes.pod.namespace": cni-ccnp}
  ingress: [{}]
  egress: [{}]
---
apiVersion: v1
kind: Namespace
metadata: {name: cni-partial}
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: ccnp-web-only}
spec:
  endpointSelector:
    matchLabels: {"k8s:io.kubernetes.pod.namespace": cni-partial, app: web}
  ingress: [{}]
  egress: [{}]
---
apiVersion: v1
kind: Namespace
metadata: {name: cni-calico}
---
apiVersion: crd.projectcalico.org/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: cni-calico}
spec:
  selector: all()
  types: [Ingress, Egress]
---
apiVersion: v1
kind: Namespace
metadata: {name: cni-gnp, labels: {team: gnp}}
---
apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata: {name: team-gnp-default-deny}
spec:
  namespaceSelector: team == 'gnp'
  types: [Ingress, Egress]
---
apiVersion: v1
kind: Namespace
metadata: {name: cni-anp, labels: {team: anp}}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: team-anp-deny-egress}
spec:
  priority: 10
  subject:
    namespaces: {matchLabels: {team: anp}}
  egress:
  - name: deny-all
    action: Deny
    to:
    - namespaces: {}
    - networks: [0.0.0.0/0, "::/0"]
---
apiVersion: v1
kind: Namespace
metadata: {name: cni-open}
`

var cniNamespaces = []string{"cni-anp", "cni-calico", "cni-ccnp", "cni-cnp", "cni-gnp", "cni-open", "cni-partial"}

// TestLiveNetworkPluginPolicies scans a real API server serving the network
// plugins' policy CRDs: 5.3.2 and NSA's default deny count each kind with its
// own semantics (a namespace covered only by a cluster-wide policy passes, one
// that a cluster-wide policy covers only in part fails, one with nothing
// fails), and a token that may not list Cilium's kinds leaves 5.3.2 ERROR,
// never PASS, for the namespaces the other kinds cover, and never FAIL for
// one they do not: an unread Cilium policy might cover it.
func TestLiveNetworkPluginPolicies(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	c, err := testcluster.Start(ctx, testcluster.Options{Logf: t.Logf, Tokens: []testcluster.Token{{User: "no-cilium"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	if err := c.InstallCRDs(ctx, testcluster.NetworkPolicyCRDs...); err != nil {
		t.Fatal(err)
	}
	objs, err := testcluster.ReadManifests(ctx, writeFile(t, t.TempDir(), "cni.yaml", cniPolicies))
	if err != nil || len(objs) != strings.Count(cniPolicies, "\n---\n")+1 {
		t.Fatalf("read %d objects: %v", len(objs), err)
	}
	if _, err := c.CreateObjects(ctx, objs, 4); err != nil {
		t.Fatal(err)
	}
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	scanAs := func(token string, namespaces []string) *report.Result {
		t.Helper()
		res, err := scan.Run(ctx, b, scan.Options{
			Benchmarks: []string{"cis-1.12", "nsa-cisa-1.2"},
			Cluster:    &scan.ClusterSource{Config: c.RESTConfig(token), Options: cluster.Options{Namespaces: namespaces}},
		})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	failing := func(ctl shown) map[string]string {
		out := map[string]string{}
		for _, f := range ctl.Findings {
			out[f.Resource.Kind+"/"+f.Resource.Name] = f.Message
		}
		return out
	}

	res := scanAs(c.AdminToken, cniNamespaces)
	covered := control(res, "cis-1.12", "5.3.2")
	got := failing(covered)
	if covered.Status != report.StatusFail || len(got) != 2 || got["Namespace/cni-open"] == "" || got["Namespace/cni-partial"] == "" {
		t.Errorf("5.3.2: %s (%s) %v, want FAIL for cni-open and cni-partial only", covered.Status, covered.Reason, got)
	}
	deny := control(res, "nsa-cisa-1.2", "nsa.network.default-deny")
	got = failing(deny)
	var names []string
	for k := range got {
		names = append(names, k)
	}
	sort.Strings(names)
	// cni-anp: an admin policy denies egress only (its ingress peers are pods,
	// never every source), so ingress has no default deny there.
	if deny.Status != report.StatusFail || strings.Join(names, " ") != "Namespace/cni-anp Namespace/cni-open Namespace/cni-partial" {
		t.Errorf("default deny: %s (%s) %v, want FAIL for cni-anp, cni-open and cni-partial", deny.Status, deny.Reason, got)
	}
	if m := got["Namespace/cni-anp"]; !strings.HasSuffix(m, "for Ingress") {
		t.Errorf("cni-anp: %q, want only Ingress missing", m)
	}

	// Covered namespaces only: PASS with every right, ERROR without Cilium's.
	coveredOnly := []string{"cni-anp", "cni-calico", "cni-ccnp", "cni-cnp", "cni-gnp"}
	if ctl := control(scanAs(c.AdminToken, coveredOnly), "cis-1.12", "5.3.2"); ctl.Status != report.StatusPass {
		t.Errorf("5.3.2 of covered namespaces: %s (%s) %v, want PASS", ctl.Status, ctl.Reason, failing(ctl))
	}
	cs := c.Clientset(t, c.AdminToken)
	if _, err := cs.RbacV1().ClusterRoles().Create(ctx, &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: "no-cilium"},
		Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{""}, Resources: []string{"namespaces"}, Verbs: []string{"get", "list"}},
			{APIGroups: []string{"networking.k8s.io"}, Resources: []string{"networkpolicies"}, Verbs: []string{"get", "list"}},
			{APIGroups: []string{"crd.projectcalico.org"}, Resources: []string{"networkpolicies", "globalnetworkpolicies"}, Verbs: []string{"get", "list"}},
			{APIGroups: []string{"policy.networking.k8s.io"}, Resources: []string{"adminnetworkpolicies", "baselineadminnetworkpolicies"}, Verbs: []string{"get", "list"}},
		},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "no-cilium"},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "no-cilium"},
		Subjects:   []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: "no-cilium"}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	ctl := control(scanAs(c.TokenFor("no-cilium"), coveredOnly), "cis-1.12", "5.3.2")
	if ctl.Status != report.StatusError || !strings.Contains(ctl.Reason, "CiliumClusterwideNetworkPolicy") || !strings.Contains(ctl.Reason, "forbidden") {
		t.Errorf("5.3.2 without the right to list Cilium's policies: %s (%s), want ERROR naming CiliumClusterwideNetworkPolicy as forbidden", ctl.Status, ctl.Reason)
	}
	// Nor does a namespace that looks uncovered fail: a Cilium policy that
	// could not be read might cover it.
	ctl = control(scanAs(c.TokenFor("no-cilium"), []string{"cni-calico", "cni-open"}), "cis-1.12", "5.3.2")
	if ctl.Status != report.StatusError || len(ctl.Findings) != 0 || !strings.Contains(ctl.Reason, "(Namespace/cni-open), unproven") {
		t.Errorf("5.3.2 of cni-open without Cilium's policies: %s (%s) %v, want ERROR naming cni-open as unproven", ctl.Status, ctl.Reason, failing(ctl))
	}
}
