package scan_test

import (
	"strings"
	"testing"

	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
)

const inventoryManifests = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: payments}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: cluster-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:masters}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ci-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
`

// The CIS section 5 controls decided by inventory checks, end to end from
// manifests: each failure names the exact namespace or binding.
func TestInventoryControlsEndToEnd(t *testing.T) {
	dir := t.TempDir()
	f := writeFile(t, dir, "cluster.yaml", inventoryManifests)
	res := runScan(t, scan.Options{Benchmarks: []string{"cis-1.12"}, Files: []string{f}})

	c := control(res, "cis-1.12", "5.3.2")
	if c.Status != report.StatusFail || len(c.Findings) != 1 {
		t.Fatalf("5.3.2: %s (%s) %+v, want FAIL naming payments", c.Status, c.Reason, c.Findings)
	}
	if r := c.Findings[0].Resource; r.Kind != "Namespace" || r.Name != "payments" || r.APIVersion != "v1" ||
		c.Findings[0].Message != `namespace "payments" has no NetworkPolicy, and no Cilium, Calico or admin network policy selects its pods` || c.Findings[0].Origin == nil || c.Findings[0].Origin.Document != 3 {
		t.Errorf("5.3.2 finding %+v (origin %+v)", c.Findings[0], c.Findings[0].Origin)
	}

	c = control(res, "cis-1.12", "5.1.1")
	if c.Status != report.StatusFail || len(c.Findings) != 1 {
		t.Fatalf("5.1.1: %s (%s) %+v, want FAIL naming ci-admin", c.Status, c.Reason, c.Findings)
	}
	if fd := c.Findings[0]; fd.Resource.Kind != "ClusterRoleBinding" || fd.Resource.Name != "ci-admin" ||
		!strings.Contains(fd.Message, `ServiceAccount "ci/deployer"`) || fd.Path != "roleRef.name" {
		t.Errorf("5.1.1 finding %+v", fd)
	}

	c = control(res, "cis-1.12", "5.1.5")
	if c.Status != report.StatusFail || len(c.Findings) != 1 || c.Findings[0].Resource.Kind != "ServiceAccount" ||
		c.Findings[0].Resource.Namespace != "shop" || c.Findings[0].Resource.Name != "default" {
		t.Errorf("5.1.5: %s (%s) %+v, want FAIL naming shop's default ServiceAccount", c.Status, c.Reason, c.Findings)
	}

	// Fixed: a policy in payments, the extra binding gone.
	fixed := strings.Replace(inventoryManifests, "metadata: {name: default-deny, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}",
		"metadata: {name: default-deny, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: payments}\nspec: {podSelector: {}}", 1)
	fixed = fixed[:strings.LastIndex(fixed, "---\n")]
	res = runScan(t, scan.Options{Benchmarks: []string{"cis-1.12"}, Files: []string{writeFile(t, dir, "fixed.yaml", fixed)}})
	for _, id := range []string{"5.1.1", "5.3.2"} {
		if c := control(res, "cis-1.12", id); c.Status != report.StatusPass {
			t.Errorf("%s fixed: %s (%s) %+v, want PASS", id, c.Status, c.Reason, c.Findings)
		}
	}
}

// A document of a kind an inventory check needs that could not be read
// leaves its control ERROR, never PASS; nothing of its kinds is SKIP.
func TestInventoryControlsNeverPassOnUnreadDocuments(t *testing.T) {
	dir := t.TempDir()
	// Everything is fine in what was read, but a NetworkPolicy and a
	// RoleBinding did not parse: payments could be uncovered, the
	// RoleBinding could grant cluster-admin.
	good := strings.Replace(inventoryManifests, "metadata: {name: default-deny, namespace: shop}", "metadata: {name: default-deny, namespace: shop}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: payments}", 1)
	good = good[:strings.LastIndex(good, "---\n")]
	a := writeFile(t, dir, "good.yaml", good)
	broken := writeFile(t, dir, "broken.yaml", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: payments\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: [oops\n")
	res := runScan(t, scan.Options{Benchmarks: []string{"cis-1.12"}, Files: []string{a}})
	for _, id := range []string{"5.1.1", "5.3.2"} {
		if c := control(res, "cis-1.12", id); c.Status != report.StatusPass {
			t.Fatalf("%s on the readable documents: %s (%s), want PASS", id, c.Status, c.Reason)
		}
	}
	res = runScan(t, scan.Options{Benchmarks: []string{"cis-1.12"}, Files: []string{a, broken}})
	for _, id := range []string{"5.1.1", "5.3.2"} {
		c := control(res, "cis-1.12", id)
		if c.Status != report.StatusError || !strings.Contains(c.Reason, "broken.yaml") {
			t.Errorf("%s with unread documents: %s (%s), want ERROR naming broken.yaml", id, c.Status, c.Reason)
		}
	}
	// Only workloads: the inventory controls have nothing to judge.
	res = runScan(t, scan.Options{Benchmarks: []string{"cis-1.12"}, Files: []string{writeFile(t, dir, "deploy.yaml", privilegedDeployment)}})
	for id, kinds := range map[string]string{"5.1.1": "(ClusterRoleBinding, RoleBinding)", "5.3.2": "Namespace, NetworkPolicy, NetworkPolicy.crd.projectcalico.org"} {
		if c := control(res, "cis-1.12", id); c.Status != report.StatusSkip || !strings.Contains(c.Reason, kinds) {
			t.Errorf("%s without objects of its kinds: %s (%s), want SKIP", id, c.Status, c.Reason)
		}
	}
}
