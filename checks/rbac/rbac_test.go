package rbac_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeassay/kubeassay/checks/rbac"
)

func clusterRole(name string, lbls map[string]string, rs ...rbacv1.PolicyRule) rbacv1.ClusterRole {
	return rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: lbls}, Rules: rs}
}

func crbTo(name, role string, subjects ...rbacv1.Subject) rbacv1.ClusterRoleBinding {
	return rbacv1.ClusterRoleBinding{ObjectMeta: metav1.ObjectMeta{Name: name}, RoleRef: rbacv1.RoleRef{Kind: "ClusterRole", Name: role}, Subjects: subjects}
}

func rbTo(ns, name, kind, role string, subjects ...rbacv1.Subject) rbacv1.RoleBinding {
	return rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}, RoleRef: rbacv1.RoleRef{Kind: kind, Name: role}, Subjects: subjects}
}

// allowedBy builds a resolver where user u holds rule through a
// ClusterRoleBinding, and asks attrs.
func allowedBy(rule rbacv1.PolicyRule, attrs rbac.Attributes) bool {
	r := rbac.New(rbac.Objects{
		ClusterRoles:        []rbacv1.ClusterRole{clusterRole("r", nil, rule)},
		ClusterRoleBindings: []rbacv1.ClusterRoleBinding{crbTo("b", "r", user("u"))},
	})
	ok, _ := r.Allowed(rbac.UserInfo{Name: "u"}, attrs)
	return ok
}

func TestRuleMatching(t *testing.T) {
	pods := rbac.Attributes{Verb: "get", Resource: "pods", Namespace: "n"}
	with := func(f func(*rbac.Attributes)) rbac.Attributes { a := pods; f(&a); return a }
	cases := []struct {
		name  string
		rule  rbacv1.PolicyRule
		attrs rbac.Attributes
		want  bool
	}{
		{"exact", pr(l("get"), l(""), l("pods")), pods, true},
		{"verb *", pr(l("*"), l(""), l("pods")), pods, true},
		{"other verb", pr(l("list"), l(""), l("pods")), pods, false},
		{"group *", pr(l("get"), l("*"), l("pods")), pods, true},
		{"core is \"\" only", pr(l("get"), l("apps"), l("pods")), pods, false},
		{"group exact", pr(l("get"), l("apps"), l("deployments")), rbac.Attributes{Verb: "get", APIGroup: "apps", Resource: "deployments"}, true},
		{"resource *", pr(l("get"), l(""), l("*")), pods, true},
		{"resource * covers subresources", pr(l("get"), l(""), l("*")), with(func(a *rbac.Attributes) { a.Subresource = "log" }), true},
		{"resource does not cover its subresources", pr(l("get"), l(""), l("pods")), with(func(a *rbac.Attributes) { a.Subresource = "log" }), false},
		{"resource/subresource", pr(l("get"), l(""), l("pods/log")), with(func(a *rbac.Attributes) { a.Subresource = "log" }), true},
		{"resource/subresource is not the resource", pr(l("get"), l(""), l("pods/log")), pods, false},
		{"*/subresource", pr(l("get"), l("*"), l("*/scale")), rbac.Attributes{Verb: "get", APIGroup: "apps", Resource: "deployments", Subresource: "scale"}, true},
		{"*/subresource, other subresource", pr(l("get"), l("*"), l("*/scale")), with(func(a *rbac.Attributes) { a.Subresource = "log" }), false},
		{"*/subresource without a subresource asked", pr(l("get"), l("*"), l("*/scale")), pods, false},
		{"*/subresource is not a suffix match", pr(l("get"), l("*"), l("*/scale")), with(func(a *rbac.Attributes) { a.Subresource = "rescale" }), false},
		{"resourceNames empty matches any name", pr(l("get"), l(""), l("pods")), with(func(a *rbac.Attributes) { a.Name = "p" }), true},
		{"resourceNames match", pr(l("get"), l(""), l("pods"), "p", "q"), with(func(a *rbac.Attributes) { a.Name = "q" }), true},
		{"resourceNames other name", pr(l("get"), l(""), l("pods"), "p"), with(func(a *rbac.Attributes) { a.Name = "x" }), false},
		{"resourceNames need a name", pr(l("list"), l(""), l("pods"), "p"), with(func(a *rbac.Attributes) { a.Verb = "list" }), false},
		{"nonResourceURL exact", rbacv1.PolicyRule{Verbs: l("get"), NonResourceURLs: l("/metrics")}, rbac.Attributes{Verb: "get", Path: "/metrics"}, true},
		{"nonResourceURL exact only", rbacv1.PolicyRule{Verbs: l("get"), NonResourceURLs: l("/metrics")}, rbac.Attributes{Verb: "get", Path: "/metrics/x"}, false},
		{"nonResourceURL *", rbacv1.PolicyRule{Verbs: l("get"), NonResourceURLs: l("*")}, rbac.Attributes{Verb: "get", Path: "/anything"}, true},
		{"nonResourceURL prefix", rbacv1.PolicyRule{Verbs: l("get"), NonResourceURLs: l("/logs/*")}, rbac.Attributes{Verb: "get", Path: "/logs/a/b"}, true},
		{"nonResourceURL prefix needs its slash", rbacv1.PolicyRule{Verbs: l("get"), NonResourceURLs: l("/logs/*")}, rbac.Attributes{Verb: "get", Path: "/logs"}, false},
		{"nonResourceURL prefix without slash", rbacv1.PolicyRule{Verbs: l("get"), NonResourceURLs: l("/apis/apps*")}, rbac.Attributes{Verb: "get", Path: "/apis/appsx"}, true},
		{"nonResourceURL verb", rbacv1.PolicyRule{Verbs: l("get"), NonResourceURLs: l("*")}, rbac.Attributes{Verb: "post", Path: "/x"}, false},
		{"resource rule never grants a path", pr(l("*"), l("*"), l("*")), rbac.Attributes{Verb: "get", Path: "/metrics"}, false},
		{"path rule never grants a resource", rbacv1.PolicyRule{Verbs: l("*"), NonResourceURLs: l("*")}, pods, false},
	}
	for _, c := range cases {
		if got := allowedBy(c.rule, c.attrs); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
		if got := rbac.RuleAllows(c.attrs, &c.rule); got != c.want {
			t.Errorf("%s: RuleAllows %v, want %v", c.name, got, c.want)
		}
	}
}

func TestBindingScope(t *testing.T) {
	all := pr(l("*"), l("*"), l("*"))
	r := rbac.New(rbac.Objects{
		Roles:        []rbacv1.Role{{ObjectMeta: metav1.ObjectMeta{Namespace: "a", Name: "local"}, Rules: []rbacv1.PolicyRule{all}}},
		ClusterRoles: []rbacv1.ClusterRole{clusterRole("cr", nil, all, rbacv1.PolicyRule{Verbs: l("*"), NonResourceURLs: l("*")})},
		RoleBindings: []rbacv1.RoleBinding{
			rbTo("a", "role", "Role", "local", user("r")),
			rbTo("a", "cluster-role", "ClusterRole", "cr", user("c")),
			rbTo("b", "other-ns-role", "Role", "local", user("x")), // a Role of another namespace: none in b
		},
		ClusterRoleBindings: []rbacv1.ClusterRoleBinding{crbTo("everywhere", "cr", user("g")), {ObjectMeta: metav1.ObjectMeta{Name: "crb-role"}, RoleRef: rbacv1.RoleRef{Kind: "Role", Name: "local"}, Subjects: []rbacv1.Subject{user("y")}}},
	})
	ask := func(u string, a rbac.Attributes) bool { ok, _ := r.Allowed(rbac.UserInfo{Name: u}, a); return ok }
	inA := rbac.Attributes{Verb: "get", Resource: "pods", Namespace: "a"}
	inB := rbac.Attributes{Verb: "get", Resource: "pods", Namespace: "b"}
	allNS := rbac.Attributes{Verb: "list", Resource: "pods"}
	nodes := rbac.Attributes{Verb: "get", Resource: "nodes"}
	nodesWithNS := rbac.Attributes{Verb: "get", Resource: "nodes", Namespace: "a"}
	path := rbac.Attributes{Verb: "get", Path: "/metrics", Namespace: "a"}
	for _, c := range []struct {
		user  string
		attrs rbac.Attributes
		want  bool
	}{
		{"r", inA, true}, {"r", inB, false}, {"r", allNS, false}, {"r", nodes, false},
		{"c", inA, true}, {"c", inB, false}, {"c", allNS, false}, {"c", nodes, false}, {"c", nodesWithNS, false}, {"c", path, false},
		{"g", inA, true}, {"g", inB, true}, {"g", allNS, true}, {"g", nodes, true}, {"g", path, true},
		{"x", inB, false}, {"y", inA, false}, {"y", allNS, false},
	} {
		if got := ask(c.user, c.attrs); got != c.want {
			t.Errorf("%s %+v: %v, want %v", c.user, c.attrs, got, c.want)
		}
	}
	if d := r.Dangling(); len(d) != 2 {
		t.Errorf("dangling %v, want the RoleBinding in b and the ClusterRoleBinding to a Role", d)
	}
}

func TestSubjects(t *testing.T) {
	r := rbac.New(rbac.Objects{
		ClusterRoles: []rbacv1.ClusterRole{clusterRole("read", nil, pr(l("get"), l(""), l("pods")))},
		RoleBindings: []rbacv1.RoleBinding{
			rbTo("a", "sa-local", "ClusterRole", "read", rbacv1.Subject{Kind: "ServiceAccount", Name: "local"}),
			rbTo("a", "sa-remote", "ClusterRole", "read", sa("b", "remote")),
			rbTo("a", "groups", "ClusterRole", "read", group("system:serviceaccounts:c"), group("system:authenticated")),
		},
		ClusterRoleBindings: []rbacv1.ClusterRoleBinding{
			crbTo("sa-no-ns", "read", rbacv1.Subject{Kind: "ServiceAccount", Name: "default"}),
			crbTo("all-sas", "read", group("system:serviceaccounts")),
			crbTo("anon", "read", group("system:unauthenticated")),
			crbTo("as-user", "read", user("system:serviceaccount:d:named")),
			crbTo("weird", "read", rbacv1.Subject{Kind: "Robot", Name: "x"}),
		},
	})
	podsIn := func(ns string) rbac.Attributes { return rbac.Attributes{Verb: "get", Resource: "pods", Namespace: ns} }
	for _, c := range []struct {
		user    string
		groups  []string
		attrs   rbac.Attributes
		want    bool
		binding string
	}{
		{"system:serviceaccount:a:local", nil, podsIn("a"), true, "ClusterRoleBinding/all-sas"},
		{"alice", nil, podsIn("a"), true, "RoleBinding/a/groups"}, // system:authenticated
		{"alice", nil, podsIn("b"), false, ""},
		{"system:serviceaccount:b:remote", nil, podsIn("z"), true, "ClusterRoleBinding/all-sas"},
		{"system:anonymous", nil, podsIn("z"), true, "ClusterRoleBinding/anon"},
		{"system:anonymous", nil, podsIn("a"), true, "ClusterRoleBinding/anon"}, // not authenticated: not RoleBinding a/groups
		{"system:serviceaccount:d:named", nil, rbac.Attributes{Verb: "get", Resource: "pods"}, true, "ClusterRoleBinding/all-sas"},
		{"root", []string{"system:masters"}, rbac.Attributes{Verb: "escalate", Resource: "anything"}, true, ""},
		{"x", nil, podsIn("z"), false, ""},
	} {
		ok, grants := r.Allowed(rbac.UserInfo{Name: c.user, Groups: c.groups}, c.attrs)
		if ok != c.want {
			t.Errorf("%s %+v: %v, want %v (%+v)", c.user, c.attrs, ok, c.want, grants)
			continue
		}
		if ok && c.binding != "" && grants[0].Binding.String() != c.binding {
			t.Errorf("%s %+v: first grant %+v, want %s", c.user, c.attrs, grants[0], c.binding)
		}
	}
	// The service account without a namespace of a RoleBinding is in the
	// binding's namespace.
	_, grants := r.Allowed(rbac.UserInfo{Name: "system:serviceaccount:a:local"}, podsIn("a"))
	want := []string{"ClusterRoleBinding/all-sas", "RoleBinding/a/groups", "RoleBinding/a/sa-local"}
	var got []string
	for _, g := range grants {
		got = append(got, g.Binding.String())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("grants %v, want %v", got, want)
	}
	if grants[2].Subject != (rbac.Subject{Kind: "ServiceAccount", Name: "local", Namespace: "a"}) {
		t.Errorf("subject %+v", grants[2].Subject)
	}
	// system:masters is allowed everything, before RBAC.
	ok, grants := r.Allowed(rbac.UserInfo{Name: "root", Groups: []string{"system:masters"}}, rbac.Attributes{Verb: "get", Path: "/x"})
	if !ok || len(grants) != 1 || !grants[0].Privileged {
		t.Errorf("system:masters: %v %+v", ok, grants)
	}
}

func TestImplicitGroups(t *testing.T) {
	for _, c := range []struct {
		user rbac.UserInfo
		want []string
	}{
		{rbac.UserInfo{Name: "alice", Groups: []string{"devs"}}, []string{"devs", "system:authenticated"}},
		{rbac.UserInfo{Name: "system:anonymous"}, []string{"system:unauthenticated"}},
		{rbac.UserInfo{Name: "system:serviceaccount:ns:sa"}, []string{"system:serviceaccounts", "system:serviceaccounts:ns", "system:authenticated"}},
		{rbac.UserInfo{Name: "system:serviceaccount:bad"}, []string{"system:authenticated"}},
		{rbac.UserInfo{Name: "alice", Groups: []string{"system:authenticated"}}, []string{"system:authenticated"}},
	} {
		if got := c.user.WithImplicitGroups().Groups; !reflect.DeepEqual(got, c.want) {
			t.Errorf("%+v: %v, want %v", c.user, got, c.want)
		}
	}
}

func TestAggregation(t *testing.T) {
	sel := func(k, v string) metav1.LabelSelector {
		return metav1.LabelSelector{MatchLabels: map[string]string{k: v}}
	}
	top := clusterRole("top", nil, pr(l("get"), l(""), l("own")))
	top.AggregationRule = &rbacv1.AggregationRule{ClusterRoleSelectors: []metav1.LabelSelector{sel("tier", "mid"), {MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "x", Operator: metav1.LabelSelectorOpExists}}}}}
	mid := clusterRole("mid", map[string]string{"tier": "mid"})
	mid.AggregationRule = &rbacv1.AggregationRule{ClusterRoleSelectors: []metav1.LabelSelector{sel("tier", "leaf")}}
	cycA := clusterRole("cyc-a", map[string]string{"c": "a"})
	cycA.AggregationRule = &rbacv1.AggregationRule{ClusterRoleSelectors: []metav1.LabelSelector{sel("c", "b")}}
	cycB := clusterRole("cyc-b", map[string]string{"c": "b", "tier": "leaf"})
	cycB.AggregationRule = &rbacv1.AggregationRule{ClusterRoleSelectors: []metav1.LabelSelector{sel("c", "a")}}
	r := rbac.New(rbac.Objects{
		ClusterRoles: []rbacv1.ClusterRole{
			top, mid, cycA, cycB,
			clusterRole("leaf", map[string]string{"tier": "leaf"}, pr(l("get"), l(""), l("secrets")), pr(l("get"), l(""), l("own"))),
			clusterRole("x", map[string]string{"x": "1"}, pr(l("list"), l(""), l("nodes"))),
			clusterRole("cyc-leaf", map[string]string{"c": "a"}, pr(l("watch"), l(""), l("pods"))),
			clusterRole("unrelated", map[string]string{"tier": "other"}, pr(l("*"), l("*"), l("*"))),
		},
		ClusterRoleBindings: []rbacv1.ClusterRoleBinding{crbTo("b", "top", user("u"))},
	})
	got := r.Rules("", "top")
	want := []rbacv1.PolicyRule{
		pr(l("get"), l(""), l("own")),
		pr(l("list"), l(""), l("nodes")),  // x (breadth first: mid, x, then mid's)
		pr(l("get"), l(""), l("secrets")), // leaf, through mid; its duplicate "own" rule once
		pr(l("watch"), l(""), l("pods")),  // cyc-leaf, through cyc-b (tier=leaf) and cyc-a
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("top rules\n%+v\nwant\n%+v", got, want)
	}
	if got := r.Rules("", "cyc-a"); len(got) != 1 {
		t.Errorf("cycle: %+v", got)
	}
	ok, grants := r.Allowed(rbac.UserInfo{Name: "u"}, rbac.Attributes{Verb: "watch", Resource: "pods"})
	if !ok || grants[0].Role.Name != "top" || grants[0].AggregatedFrom != "cyc-leaf" {
		t.Errorf("aggregated grant %v %+v", ok, grants)
	}
	if ok, _ := r.Allowed(rbac.UserInfo{Name: "u"}, rbac.Attributes{Verb: "delete", Resource: "pods"}); ok {
		t.Error("a ClusterRole no selector matches is aggregated")
	}
}

func TestWhoCanOrderAndScope(t *testing.T) {
	read := pr(l("get"), l(""), l("pods"))
	r := rbac.New(rbac.Objects{
		Roles:        []rbacv1.Role{{ObjectMeta: metav1.ObjectMeta{Namespace: "a", Name: "r"}, Rules: []rbacv1.PolicyRule{read}}},
		ClusterRoles: []rbacv1.ClusterRole{clusterRole("c", nil, read)},
		RoleBindings: []rbacv1.RoleBinding{rbTo("a", "z", "Role", "r", sa("a", "s"), user("bob")), rbTo("b", "y", "ClusterRole", "c", user("carl"))},
		ClusterRoleBindings: []rbacv1.ClusterRoleBinding{
			crbTo("k", "c", group("g"), user("bob"), user("bob")),
		},
	})
	names := func(gs []rbac.Grant) []string {
		var out []string
		for _, g := range gs {
			out = append(out, g.Subject.String()+" "+g.Binding.String())
		}
		return out
	}
	got := names(r.WhoCan(rbac.Attributes{Verb: "get", Resource: "pods", Namespace: "a"}))
	want := []string{"Group/system:masters ", "User/bob ClusterRoleBinding/k", "User/bob RoleBinding/a/z", "Group/g ClusterRoleBinding/k", "ServiceAccount/a/s RoleBinding/a/z"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("who can in a:\n%q\nwant\n%q", got, want)
	}
	got = names(r.WhoCan(rbac.Attributes{Verb: "get", Resource: "pods"}))
	want = []string{"Group/system:masters ", "User/bob ClusterRoleBinding/k", "Group/g ClusterRoleBinding/k"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("who can in all namespaces:\n%q\nwant\n%q", got, want)
	}
}

func TestFromObjectsAndJSON(t *testing.T) {
	docs := []string{
		`{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"c"},"rules":[{"verbs":["get"],"apiGroups":[""],"resources":["pods"]}]}`,
		`{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"namespace":"n","name":"b"},"roleRef":{"kind":"ClusterRole","name":"c"},"subjects":[{"kind":"User","name":"u"}]}]}`,
		`{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBindingList","items":[{"metadata":{"namespace":"m","name":"b"},"roleRef":{"kind":"ClusterRole","name":"c"},"subjects":[{"kind":"User","name":"v"}]}]}`,
		`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ignored"}}`,
	}
	var raw [][]byte
	var objs []map[string]any
	for _, d := range docs {
		raw = append(raw, []byte(d))
		var m map[string]any
		if err := json.Unmarshal([]byte(d), &m); err != nil {
			t.Fatal(err)
		}
		objs = append(objs, m)
	}
	r1, err := rbac.FromJSON(raw...)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := rbac.FromObjects(objs)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*rbac.Resolver{r1, r2} {
		for _, c := range []struct {
			user, ns string
			want     bool
		}{{"u", "n", true}, {"u", "m", false}, {"v", "m", true}} {
			if ok, _ := r.Allowed(rbac.UserInfo{Name: c.user}, rbac.Attributes{Verb: "get", Resource: "pods", Namespace: c.ns}); ok != c.want {
				t.Errorf("%s in %s: %v", c.user, c.ns, ok)
			}
		}
	}
	if _, err := rbac.FromJSON([]byte(`{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"r"}}`)); err == nil {
		t.Error("a Role without a namespace is accepted")
	}
}

// An object that does not decode is an error and is not added; the objects
// added before it stay, whatever the kind and whatever went wrong.
func TestBrokenObjectKeepsTheOthers(t *testing.T) {
	good := map[string]string{
		"Role":               `{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"namespace":"n","name":"good"},"rules":[{"verbs":["get"],"apiGroups":[""],"resources":["secrets"]}]}`,
		"ClusterRole":        `{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"good"},"rules":[{"verbs":["get"],"apiGroups":[""],"resources":["secrets"]}]}`,
		"RoleBinding":        `{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"namespace":"n","name":"good"},"roleRef":{"kind":"ClusterRole","name":"good"},"subjects":[{"kind":"User","name":"u"}]}`,
		"ClusterRoleBinding": `{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"good"},"roleRef":{"kind":"ClusterRole","name":"good"},"subjects":[{"kind":"User","name":"u"}]}`,
	}
	for _, kind := range rbac.Kinds {
		for _, broken := range []string{
			`{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"` + kind + `","metadata":{"namespace":"n","name":"bad"},"rules":"not a list","subjects":7}`,
			`{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"` + kind + `","metadata":{"namespace":"n"}}`,
		} {
			var o rbac.Objects
			if err := o.AddJSON([]byte(good[kind])); err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			if err := o.AddJSON([]byte(broken)); err == nil {
				t.Errorf("%s: %s is accepted", kind, broken)
			}
			if n := len(o.Roles) + len(o.ClusterRoles) + len(o.RoleBindings) + len(o.ClusterRoleBindings); n != 1 {
				t.Errorf("%s: after a good and a broken object, %d objects are kept, want the good one", kind, n)
			}
		}
	}
}

// An aggregated ClusterRole read without rules of its own and without any
// ClusterRole it aggregates (a manifest: the cluster fills it in) grants
// unknown rights: a binding to it is as dangling as one to a missing role.
// Filled in (as a live cluster returns it), or with its sources read, it is
// resolved.
func TestAggregatedRoleWithoutItsSources(t *testing.T) {
	agg := rbacv1.AggregationRule{ClusterRoleSelectors: []metav1.LabelSelector{{MatchLabels: map[string]string{"example.com/aggregate-to-ops": "true"}}}}
	bound := rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "ops"},
		RoleRef:    rbacv1.RoleRef{Kind: "ClusterRole", Name: "ops"},
		Subjects:   []rbacv1.Subject{{Kind: "Group", Name: "ops"}},
	}
	empty := rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: "ops"}, AggregationRule: &agg}
	r := rbac.New(rbac.Objects{ClusterRoles: []rbacv1.ClusterRole{empty}, ClusterRoleBindings: []rbacv1.ClusterRoleBinding{bound}})
	if d := r.Dangling(); len(d) != 1 || !strings.Contains(d[0], "aggregated ClusterRole") {
		t.Errorf("unfilled aggregated role: dangling %q", d)
	}
	filled := empty
	filled.Rules = []rbacv1.PolicyRule{{Verbs: []string{"get"}, APIGroups: []string{""}, Resources: []string{"secrets"}}}
	source := rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: "ops-secrets", Labels: map[string]string{"example.com/aggregate-to-ops": "true"}}, Rules: filled.Rules}
	for name, crs := range map[string][]rbacv1.ClusterRole{"filled": {filled}, "with its source": {empty, source}} {
		r := rbac.New(rbac.Objects{ClusterRoles: crs, ClusterRoleBindings: []rbacv1.ClusterRoleBinding{bound}})
		if d := r.Dangling(); len(d) != 0 {
			t.Errorf("%s: dangling %q", name, d)
		}
		if ok, _ := r.Allowed(rbac.UserInfo{Name: "u", Groups: []string{"ops"}}, rbac.Attributes{Verb: "get", Resource: "secrets", Namespace: "a"}); !ok {
			t.Errorf("%s: the group cannot read secrets", name)
		}
	}
}
