package cluster

import (
	"testing"

	"github.com/kubeassay/kubeassay/checks"
)

// A Namespace is scoped by its own name: with -n or --exclude-namespace, a
// namespace whose objects were not listed is not listed either, so that
// the inventory checks (every namespace has a NetworkPolicy) never fail a
// namespace whose policies were left out.
func TestNamespacesAreScopedByTheirName(t *testing.T) {
	ns := resource{gk: checks.GroupKind{Kind: "Namespace"}}
	np := resource{gk: checks.GroupKind{Group: "networking.k8s.io", Kind: "NetworkPolicy"}, namespaced: true}
	crb := resource{gk: checks.GroupKind{Group: "rbac.authorization.k8s.io", Kind: "ClusterRoleBinding"}}
	for _, c := range []struct {
		opts     Options
		r        resource
		name, ns string
		out      bool
	}{
		{Options{}, ns, "a", "", false},
		{Options{Namespaces: []string{"a"}}, ns, "a", "", false},
		{Options{Namespaces: []string{"a"}}, ns, "b", "", true},
		{Options{ExcludeNamespaces: []string{"b"}}, ns, "b", "", true},
		{Options{ExcludeNamespaces: []string{"b"}}, ns, "a", "", false},
		{Options{ExcludeNamespaces: []string{"b"}}, np, "x", "b", true},
		{Options{ExcludeNamespaces: []string{"b"}}, np, "x", "a", false},
		{Options{ExcludeNamespaces: []string{"b"}}, crb, "b", "", false},
	} {
		l := &lister{opts: c.opts}
		if got := l.outOfScope(c.r, c.name, c.ns); got != c.out {
			t.Errorf("%+v %s %s/%s: out of scope %v, want %v", c.opts, c.r.gk, c.ns, c.name, got, c.out)
		}
	}
}
