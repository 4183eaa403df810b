package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeassay/kubeassay/checks/rbac"
	"github.com/kubeassay/kubeassay/dev/testcluster"
)

// TestRisksLive reads the RBAC of a real API server: the bootstrap roles
// and bindings grant dangerous permissions only to system subjects, which
// are hidden unless --all; a ClusterRoleBinding to a user and a RoleBinding
// to the aggregated edit role show up.
func TestRisksLive(t *testing.T) {
	c := testcluster.Shared(t)
	ctx := context.Background()
	risks := func(args ...string) (risksResult, result) {
		t.Helper()
		r := runCLI(t, "", append([]string{"rbac", "risks", "-o", "json", "--kubeconfig", c.KubeconfigPath}, args...)...)
		var res risksResult
		if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
			t.Fatalf("exit %d: %v\n%s\n%s", r.code, err, r.stdout, r.err)
		}
		return res, r
	}
	bootstrap := func(f rbac.RiskFinding) bool {
		for _, g := range f.Via {
			if g.Privileged || strings.HasPrefix(g.Binding.Name, "system:") || g.Binding.Name == "cluster-admin" {
				return true
			}
		}
		return false
	}

	// Other tests of the package may have added bindings to the shared
	// cluster: look at the bootstrap ones only.
	res, r := risks()
	if r.code != 0 || !res.Complete || res.HiddenSystem == 0 {
		t.Fatalf("exit %d, complete %v, hidden %d: %s", r.code, res.Complete, res.HiddenSystem, r.err)
	}
	for _, f := range res.Findings {
		if f.System || bootstrap(f) {
			t.Errorf("shown by default: %s %s via %s", f.Subject, f.Risk.ID, formatVia(f.Via))
		}
	}
	all, _ := risks("--all")
	var masters, controllers bool
	for _, f := range all.Findings {
		if bootstrap(f) && !f.System {
			t.Errorf("a bootstrap grant to a subject not marked system: %s %s via %s", f.Subject, f.Risk.ID, formatVia(f.Via))
		}
		masters = masters || (f.Subject.Name == rbac.PrivilegedGroup && f.Risk.ID == "KA-INV-028")
		controllers = controllers || (f.Subject.Namespace == "kube-system" && f.Subject.Kind == "ServiceAccount")
	}
	if !masters || !controllers || len(all.Findings) != len(res.Findings)+res.HiddenSystem {
		t.Errorf("--all: system:masters %v, kube-system controllers %v, %d findings, %d + %d hidden", masters, controllers, len(all.Findings), len(res.Findings), res.HiddenSystem)
	}

	cs := c.Clientset(t, c.AdminToken)
	if err := c.CreateNamespace(ctx, "risks", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "risks-break-glass"},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "cluster-admin"},
		Subjects:   []rbacv1.Subject{{Kind: "User", Name: "risks-bob", APIGroup: rbacv1.GroupName}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.RbacV1().RoleBindings("risks").Create(ctx, &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "editors"},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "edit"}, // aggregated, rules left empty here
		Subjects:   []rbacv1.Subject{{Kind: "User", Name: "risks-carol", APIGroup: rbacv1.GroupName}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	res, r = risks()
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	got := map[string]string{}
	for _, f := range res.Findings {
		if strings.HasPrefix(f.Subject.Name, "risks-") {
			got[f.Subject.Name+" "+f.Risk.ID+"@"+f.Scope] = formatVia(f.Via)
		}
	}
	for k, via := range map[string]string{
		"risks-bob KA-INV-028@cluster": "ClusterRoleBinding risks-break-glass -> ClusterRole cluster-admin",
		"risks-carol KA-INV-004@risks": "RoleBinding risks/editors -> ClusterRole edit (aggregated from system:aggregate-to-edit)",
		"risks-carol KA-INV-006@risks": "RoleBinding risks/editors -> ClusterRole edit (aggregated from system:aggregate-to-edit)",
		"risks-carol KA-INV-030@risks": "RoleBinding risks/editors -> ClusterRole edit (aggregated from system:aggregate-to-edit)",
		"risks-carol KA-INV-035@risks": "RoleBinding risks/editors -> ClusterRole edit (aggregated from system:aggregate-to-edit)",
	} {
		if got[k] != via {
			t.Errorf("%s: via %q, want %q", k, got[k], via)
		}
	}
	// edit may not change RBAC (no bind or escalate: KA-INV-031, KA-INV-007);
	// cluster-admin's risks are folded.
	for k := range got {
		if strings.Contains(k, "KA-INV-031") || strings.Contains(k, "KA-INV-007") || strings.Contains(k, "@cluster") && !strings.Contains(k, "KA-INV-028") {
			t.Errorf("unexpected %s", k)
		}
	}
	t.Logf("%d findings shown, %d of system subjects hidden", len(res.Findings), res.HiddenSystem)
	if testing.Verbose() {
		t.Log(runCLI(t, "", "rbac", "risks", "--kubeconfig", c.KubeconfigPath).stdout)
		t.Log(runCLI(t, "", "rbac", "risks", "--all", "--kubeconfig", c.KubeconfigPath).stdout)
	}
}
