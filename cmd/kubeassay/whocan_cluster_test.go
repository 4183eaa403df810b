package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kubeassay/kubeassay/dev/testcluster"
)

// TestWhoCanLive reads the RBAC of a real API server: with the admin
// kubeconfig the answer is complete; as a user who may list only the
// cluster-wide kinds it is printed but marked incomplete, exit 2.
func TestWhoCanLive(t *testing.T) {
	c := testcluster.Shared(t)
	ctx := context.Background()
	if err := c.CreateNamespace(ctx, "whocan", nil); err != nil {
		t.Fatal(err)
	}
	cs := c.Clientset(t, c.AdminToken)
	if _, err := cs.RbacV1().RoleBindings("whocan").Create(ctx, &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "viewer"},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "admin"}, // aggregated, rules left empty here
		Subjects:   []rbacv1.Subject{{Kind: "User", Name: "whocan-alice", APIGroup: rbacv1.GroupName}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.RbacV1().ClusterRoles().Create(ctx, &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: "whocan-partial"},
		Rules:      []rbacv1.PolicyRule{{Verbs: []string{"list"}, APIGroups: []string{rbacv1.GroupName}, Resources: []string{"clusterroles", "clusterrolebindings"}}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "whocan-partial"},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "whocan-partial"},
		Subjects:   []rbacv1.Subject{{Kind: "User", Name: "whocan-partial", APIGroup: rbacv1.GroupName}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "", "rbac", "who-can", "delete", "secrets", "-n", "whocan", "--kubeconfig", c.KubeconfigPath)
	if r.code != 0 || !strings.Contains(r.stdout, "User whocan-alice ") || !strings.Contains(r.stdout, " RoleBinding whocan/viewer ") || !strings.Contains(r.stdout, "aggregated from system:aggregate-to-edit") {
		t.Errorf("admin: exit %d\n%s\n%s", r.code, r.stdout, r.err)
	}

	// The same, impersonating the partial reader.
	kc := c.Kubeconfig(c.AdminToken)
	kc.AuthInfos[testcluster.ContextName].Impersonate = "whocan-partial"
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := clientcmd.WriteToFile(*kc, path); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, "", "rbac", "who-can", "delete", "secrets", "-n", "whocan", "--kubeconfig", path)
	if r.code != exitUsage || !strings.Contains(r.err, "warning: could not list Role: forbidden") || !strings.Contains(r.err, "incomplete") {
		t.Errorf("partial: exit %d\n%s\n%s", r.code, r.stdout, r.err)
	}
}
