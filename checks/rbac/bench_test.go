package rbac_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeassay/kubeassay/checks/rbac"
)

// generated is a population the size of a large cluster: 300 namespaces,
// ~5,000 Roles and ~5,000 RoleBindings, 600 ClusterRoles of which 30 are
// aggregated, 600 ClusterRoleBindings.
func generated() rbac.Objects {
	rng := rand.New(rand.NewPCG(7, 11))
	verbs := []string{"get", "list", "watch", "create", "update", "patch", "delete", "*"}
	groups := []string{"", "apps", "batch", "networking.k8s.io", "example.com", "*"}
	resources := []string{"pods", "pods/log", "pods/exec", "configmaps", "secrets", "deployments", "deployments/scale", "*/scale", "jobs", "services", "*"}
	pick := func(from []string, n int) []string {
		out := make([]string, 0, n)
		for range n {
			out = append(out, from[rng.IntN(len(from))])
		}
		return out
	}
	randRule := func() rbacv1.PolicyRule {
		r := rbacv1.PolicyRule{Verbs: pick(verbs, 1+rng.IntN(3)), APIGroups: pick(groups, 1), Resources: pick(resources, 1+rng.IntN(3))}
		if rng.IntN(10) == 0 {
			r.ResourceNames = []string{fmt.Sprintf("name-%d", rng.IntN(5))}
		}
		return r
	}
	subject := func(ns string) rbacv1.Subject {
		switch rng.IntN(3) {
		case 0:
			return rbacv1.Subject{Kind: "User", Name: fmt.Sprintf("user-%d", rng.IntN(2000))}
		case 1:
			return rbacv1.Subject{Kind: "Group", Name: fmt.Sprintf("group-%d", rng.IntN(200))}
		}
		return rbacv1.Subject{Kind: "ServiceAccount", Name: fmt.Sprintf("sa-%d", rng.IntN(20)), Namespace: ns}
	}
	var o rbac.Objects
	for i := range 600 {
		cr := rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("cr-%d", i), Labels: map[string]string{"agg": fmt.Sprint(i % 30)}}}
		if i < 30 {
			cr.AggregationRule = &rbacv1.AggregationRule{ClusterRoleSelectors: []metav1.LabelSelector{{MatchLabels: map[string]string{"agg": fmt.Sprint((i + 1) % 30)}}}}
		} else {
			for range 1 + rng.IntN(6) {
				cr.Rules = append(cr.Rules, randRule())
			}
		}
		o.ClusterRoles = append(o.ClusterRoles, cr)
		o.ClusterRoleBindings = append(o.ClusterRoleBindings, rbacv1.ClusterRoleBinding{
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("crb-%d", i)},
			RoleRef:    rbacv1.RoleRef{Kind: "ClusterRole", Name: fmt.Sprintf("cr-%d", rng.IntN(600))},
			Subjects:   []rbacv1.Subject{subject("ns-0"), subject("ns-1")},
		})
	}
	for n := range 300 {
		ns := fmt.Sprintf("ns-%d", n)
		for i := range 17 {
			role := rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: fmt.Sprintf("role-%d", i)}}
			for range 1 + rng.IntN(5) {
				role.Rules = append(role.Rules, randRule())
			}
			o.Roles = append(o.Roles, role)
			ref := rbacv1.RoleRef{Kind: "Role", Name: role.Name}
			if i%3 == 0 {
				ref = rbacv1.RoleRef{Kind: "ClusterRole", Name: fmt.Sprintf("cr-%d", rng.IntN(600))}
			}
			o.RoleBindings = append(o.RoleBindings, rbacv1.RoleBinding{
				ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: fmt.Sprintf("rb-%d", i)},
				RoleRef:    ref,
				Subjects:   []rbacv1.Subject{subject(ns), subject(ns), subject(ns)},
			})
		}
	}
	return o
}

func BenchmarkNew(b *testing.B) {
	o := generated()
	for b.Loop() {
		rbac.New(o)
	}
}

func BenchmarkWhoCan(b *testing.B) {
	r := rbac.New(generated())
	attrs := []rbac.Attributes{
		{Verb: "get", Resource: "secrets", Namespace: "ns-42"},
		{Verb: "list", Resource: "secrets"},
		{Verb: "update", APIGroup: "apps", Resource: "deployments", Subresource: "scale", Namespace: "ns-7"},
		{Verb: "get", Path: "/metrics"},
	}
	i := 0
	for b.Loop() {
		r.WhoCan(attrs[i%len(attrs)])
		i++
	}
}

func BenchmarkAllowed(b *testing.B) {
	r := rbac.New(generated())
	u := rbac.UserInfo{Name: "user-17", Groups: []string{"group-3", "group-99"}}
	attrs := rbac.Attributes{Verb: "get", Resource: "secrets", Namespace: "ns-42"}
	for b.Loop() {
		r.Allowed(u, attrs)
	}
}
