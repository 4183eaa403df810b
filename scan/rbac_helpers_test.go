package scan_test

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kubeassay/kubeassay/dev/testcluster"
)

// grantAllButPods lets user list every workload kind except pods, so that a
// scan with its token meets exactly one unreadable kind.
func grantAllButPods(ctx context.Context, t *testing.T, cs kubernetes.Interface, user string) {
	t.Helper()
	grant(ctx, t, cs, user, []rbacv1.PolicyRule{
		{APIGroups: []string{"apps"}, Resources: []string{"deployments", "replicasets", "statefulsets", "daemonsets"}, Verbs: []string{"list"}},
		{APIGroups: []string{"batch"}, Resources: []string{"jobs", "cronjobs"}, Verbs: []string{"list"}},
		{APIGroups: []string{""}, Resources: []string{"replicationcontrollers"}, Verbs: []string{"list"}},
	})
}

// grant binds user, cluster-wide, to a ClusterRole of its name with rules.
func grant(ctx context.Context, t *testing.T, cs kubernetes.Interface, user string, rules []rbacv1.PolicyRule) {
	t.Helper()
	if _, err := cs.RbacV1().ClusterRoles().Create(ctx, &rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: user}, Rules: rules}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: user},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: user},
		Subjects:   []rbacv1.Subject{{Kind: "User", Name: user, APIGroup: "rbac.authorization.k8s.io"}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// startShop starts a control plane with a "no-pods" token user and a
// namespace "shop" holding a privileged pod "debug", and returns it with an
// admin clientset. The caller stops it.
func startShop(ctx context.Context, t *testing.T) (*testcluster.Cluster, kubernetes.Interface) {
	t.Helper()
	c, err := testcluster.Start(ctx, testcluster.Options{Tokens: []testcluster.Token{{User: "no-pods"}}, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CreateNamespace(ctx, "shop", nil); err != nil {
		c.Stop()
		t.Fatal(err)
	}
	cs := c.Clientset(t, c.AdminToken)
	priv := true
	if _, err := cs.CoreV1().Pods("shop").Create(ctx, &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "debug"},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "sh", Image: "busybox", SecurityContext: &corev1.SecurityContext{Privileged: &priv}}}},
	}, metav1.CreateOptions{}); err != nil {
		c.Stop()
		t.Fatal(err)
	}
	return c, cs
}
