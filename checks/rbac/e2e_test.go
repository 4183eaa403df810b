package rbac_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/kubernetes"

	"github.com/kubeassay/kubeassay/checks/rbac"
	"github.com/kubeassay/kubeassay/dev/testcluster"
)

// sarCase is one question put both to the API server (SubjectAccessReview)
// and to the resolver.
type sarCase struct {
	user  rbac.UserInfo // as the authenticator gives it, without implicit groups
	attrs rbac.Attributes
}

func (c sarCase) String() string {
	a := c.attrs
	if a.Path != "" {
		return fmt.Sprintf("user=%s groups=%v %s %s", c.user.Name, c.user.Groups, a.Verb, a.Path)
	}
	return fmt.Sprintf("user=%s groups=%v verb=%s group=%q resource=%s sub=%q name=%q ns=%q", c.user.Name, c.user.Groups, a.Verb, a.APIGroup, a.Resource, a.Subresource, a.Name, a.Namespace)
}

// implicitGroups are the groups kube-apiserver's authentication adds, written
// out here independently of the resolver.
func implicitGroups(u rbac.UserInfo) []string {
	groups := slices.Clone(u.Groups)
	if u.Name == "system:anonymous" {
		return append(groups, "system:unauthenticated")
	}
	if rest, ok := strings.CutPrefix(u.Name, "system:serviceaccount:"); ok {
		ns, _, _ := strings.Cut(rest, ":")
		groups = append(groups, "system:serviceaccounts", "system:serviceaccounts:"+ns)
	}
	return append(groups, "system:authenticated")
}

func rules(r ...rbacv1.PolicyRule) []rbacv1.PolicyRule { return r }

func pr(verbs, groups, resources []string, names ...string) rbacv1.PolicyRule {
	return rbacv1.PolicyRule{Verbs: verbs, APIGroups: groups, Resources: resources, ResourceNames: names}
}

func l(s ...string) []string { return s }

func user(n string) rbacv1.Subject {
	return rbacv1.Subject{Kind: "User", Name: n, APIGroup: rbacv1.GroupName}
}
func group(n string) rbacv1.Subject {
	return rbacv1.Subject{Kind: "Group", Name: n, APIGroup: rbacv1.GroupName}
}
func sa(ns, n string) rbacv1.Subject {
	return rbacv1.Subject{Kind: "ServiceAccount", Name: n, Namespace: ns}
}

// population creates the RBAC objects of the test.
func population(ctx context.Context, t *testing.T, c *testcluster.Cluster, cs kubernetes.Interface) {
	t.Helper()
	for _, ns := range []string{"ns-a", "ns-b", "ns-c"} {
		if err := c.CreateNamespace(ctx, ns, nil); err != nil {
			t.Fatal(err)
		}
	}
	agg := func(sel ...metav1.LabelSelector) *rbacv1.AggregationRule {
		return &rbacv1.AggregationRule{ClusterRoleSelectors: sel}
	}
	match := func(k, v string) metav1.LabelSelector {
		return metav1.LabelSelector{MatchLabels: map[string]string{k: v}}
	}
	clusterRoles := []rbacv1.ClusterRole{
		{ObjectMeta: metav1.ObjectMeta{Name: "t-wild-verbs"}, Rules: rules(pr(l("*"), l(""), l("pods")))},
		{ObjectMeta: metav1.ObjectMeta{Name: "t-all-groups"}, Rules: rules(pr(l("get", "list"), l("*"), l("deployments", "configmaps")))},
		{ObjectMeta: metav1.ObjectMeta{Name: "t-star-res"}, Rules: rules(pr(l("get", "watch"), l("apps"), l("*")))},
		{ObjectMeta: metav1.ObjectMeta{Name: "t-scale"}, Rules: rules(pr(l("get", "update", "patch"), l("*"), l("*/scale")))},
		{ObjectMeta: metav1.ObjectMeta{Name: "t-pods-log"}, Rules: rules(pr(l("get"), l(""), l("pods/log")), pr(l("create"), l(""), l("pods/exec")))},
		{ObjectMeta: metav1.ObjectMeta{Name: "t-named"}, Rules: rules(pr(l("get", "update"), l(""), l("configmaps"), "cm-1"), pr(l("delete"), l(""), l("secrets", "pods"), "s-1", "p1"))},
		{ObjectMeta: metav1.ObjectMeta{Name: "t-nonres"}, Rules: rules(
			rbacv1.PolicyRule{Verbs: l("get"), NonResourceURLs: l("/metrics", "/logs/*")},
			rbacv1.PolicyRule{Verbs: l("get", "post"), NonResourceURLs: l("/apis/apps*")},
			pr(l("get", "list"), l(""), l("nodes")),
		)},
		{ObjectMeta: metav1.ObjectMeta{Name: "t-all-nonres"}, Rules: rules(rbacv1.PolicyRule{Verbs: l("*"), NonResourceURLs: l("*")})},
		// Aggregation: t-agg-top selects tier=mid (t-agg-mid, itself
		// aggregated) and a matchExpressions selector; t-agg-mid selects
		// tier=leaf.
		{ObjectMeta: metav1.ObjectMeta{Name: "t-agg-top"}, AggregationRule: agg(match("tier", "mid"), metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "extra", Operator: metav1.LabelSelectorOpIn, Values: l("yes", "maybe")}}})},
		{ObjectMeta: metav1.ObjectMeta{Name: "t-agg-mid", Labels: map[string]string{"tier": "mid"}}, AggregationRule: agg(match("tier", "leaf"))},
		{ObjectMeta: metav1.ObjectMeta{Name: "t-leaf-secrets", Labels: map[string]string{"tier": "leaf"}}, Rules: rules(pr(l("get", "list"), l(""), l("secrets")))},
		{ObjectMeta: metav1.ObjectMeta{Name: "t-leaf-jobs", Labels: map[string]string{"tier": "leaf"}}, Rules: rules(pr(l("create", "delete"), l("batch"), l("jobs")))},
		{ObjectMeta: metav1.ObjectMeta{Name: "t-extra", Labels: map[string]string{"extra": "maybe"}}, Rules: rules(pr(l("list"), l("networking.k8s.io"), l("networkpolicies")), rbacv1.PolicyRule{Verbs: l("get"), NonResourceURLs: l("/healthz")})},
		// A cycle: a selects cycle=b, b selects cycle=a; a leaf has cycle=b.
		{ObjectMeta: metav1.ObjectMeta{Name: "t-cycle-a", Labels: map[string]string{"cycle": "a"}}, AggregationRule: agg(match("cycle", "b"))},
		{ObjectMeta: metav1.ObjectMeta{Name: "t-cycle-b", Labels: map[string]string{"cycle": "b"}}, AggregationRule: agg(match("cycle", "a"))},
		{ObjectMeta: metav1.ObjectMeta{Name: "t-cycle-leaf", Labels: map[string]string{"cycle": "b"}}, Rules: rules(pr(l("watch", "list"), l("example.com"), l("widgets")))},
		// Adds to the bootstrap view role.
		{ObjectMeta: metav1.ObjectMeta{Name: "t-to-view", Labels: map[string]string{"rbac.authorization.k8s.io/aggregate-to-view": "true"}}, Rules: rules(pr(l("get", "list", "watch"), l("example.com"), l("widgets")))},
	}
	roles := []rbacv1.Role{
		{ObjectMeta: metav1.ObjectMeta{Namespace: "ns-a", Name: "exec"}, Rules: rules(pr(l("create"), l(""), l("pods/exec")), pr(l("get"), l(""), l("pods")))},
		{ObjectMeta: metav1.ObjectMeta{Namespace: "ns-a", Name: "named-secrets"}, Rules: rules(pr(l("get", "update", "delete"), l(""), l("secrets"), "s-1"))},
		{ObjectMeta: metav1.ObjectMeta{Namespace: "ns-b", Name: "everything"}, Rules: rules(pr(l("*"), l("*"), l("*")))},
		{ObjectMeta: metav1.ObjectMeta{Namespace: "ns-b", Name: "read-cm"}, Rules: rules(pr(l("list"), l(""), l("configmaps")))},
		{ObjectMeta: metav1.ObjectMeta{Namespace: "ns-c", Name: "deploy-scale"}, Rules: rules(pr(l("update"), l("apps"), l("deployments/scale")), pr(l("get"), l("apps", ""), l("replicasets/scale", "replicationcontrollers/scale")))},
	}
	crb := func(name, role string, subjects ...rbacv1.Subject) rbacv1.ClusterRoleBinding {
		return rbacv1.ClusterRoleBinding{ObjectMeta: metav1.ObjectMeta{Name: name}, RoleRef: rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: role}, Subjects: subjects}
	}
	rb := func(ns, name, kind, role string, subjects ...rbacv1.Subject) rbacv1.RoleBinding {
		return rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}, RoleRef: rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: kind, Name: role}, Subjects: subjects}
	}
	crbs := []rbacv1.ClusterRoleBinding{
		crb("t-alice", "t-wild-verbs", user("alice")),
		crb("t-devs", "t-all-groups", group("devs")),
		crb("t-robot-scale", "t-scale", sa("ns-a", "robot")),
		crb("t-bob-nonres", "t-nonres", user("bob")),
		crb("t-ns-c-sas", "t-pods-log", group("system:serviceaccounts:ns-c")),
		crb("t-carol", "t-agg-top", user("carol")),
		crb("t-dave", "t-cycle-a", user("dave")),
		crb("t-grace", "edit", user("grace")),
		crb("t-ivan", "t-all-nonres", user("ivan")),
		crb("t-missing", "t-does-not-exist", user("alice")),
		crb("t-sa-as-user", "t-pods-log", user("system:serviceaccount:ns-b:default")), // a User subject naming a service account
	}
	rbs := []rbacv1.RoleBinding{
		rb("ns-a", "bob-star", "ClusterRole", "t-star-res", user("bob")),
		rb("ns-a", "robot-exec", "Role", "exec", rbacv1.Subject{Kind: "ServiceAccount", Name: "robot"}), // namespace: the binding's
		rb("ns-a", "devs-named", "Role", "named-secrets", group("devs")),
		rb("ns-a", "erin-view", "ClusterRole", "view", user("erin")),
		rb("ns-a", "henry-named", "ClusterRole", "t-named", user("henry")),
		rb("ns-b", "erin-all", "Role", "everything", user("erin"), sa("ns-a", "robot")),
		rb("ns-b", "authenticated-cm", "Role", "read-cm", group("system:authenticated")),
		rb("ns-b", "anon-pods", "ClusterRole", "t-pods-log", group("system:unauthenticated")),
		rb("ns-c", "frank-nonres", "ClusterRole", "t-nonres", user("frank")), // nodes and paths: never through a RoleBinding
		rb("ns-c", "frank-scale", "Role", "deploy-scale", user("frank"), group("system:serviceaccounts")),
		rb("ns-c", "carol-cycle", "ClusterRole", "t-cycle-b", user("carol")),
		rb("ns-c", "missing", "Role", "nope", user("frank")),
	}
	for i := range clusterRoles {
		if _, err := cs.RbacV1().ClusterRoles().Create(ctx, &clusterRoles[i], metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range roles {
		if _, err := cs.RbacV1().Roles(roles[i].Namespace).Create(ctx, &roles[i], metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range crbs {
		if _, err := cs.RbacV1().ClusterRoleBindings().Create(ctx, &crbs[i], metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range rbs {
		if _, err := cs.RbacV1().RoleBindings(rbs[i].Namespace).Create(ctx, &rbs[i], metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
}

// playAggregationController does what kube-controller-manager's
// clusterrole-aggregation controller would (this control plane does not run
// it): the rules of every ClusterRole with an aggregationRule become the
// rules of the other ClusterRoles its selectors match, until nothing
// changes. It is written independently of the resolver.
func playAggregationController(ctx context.Context, t *testing.T, cs kubernetes.Interface) int {
	t.Helper()
	list, err := cs.RbacV1().ClusterRoles().List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	crs := list.Items
	sort.Slice(crs, func(i, j int) bool { return crs[i].Name < crs[j].Name })
	changed := map[int]bool{}
	for round := 0; ; round++ {
		if round > 20 {
			t.Fatal("aggregation does not converge")
		}
		any := false
		for i := range crs {
			if crs[i].AggregationRule == nil {
				continue
			}
			var next []rbacv1.PolicyRule
			for _, s := range crs[i].AggregationRule.ClusterRoleSelectors {
				sel, err := metav1.LabelSelectorAsSelector(&s)
				if err != nil {
					t.Fatal(err)
				}
				for j := range crs {
					if j == i || !sel.Matches(labels.Set(crs[j].Labels)) {
						continue
					}
					for _, r := range crs[j].Rules {
						if !slices.ContainsFunc(next, func(x rbacv1.PolicyRule) bool { return equality.Semantic.DeepEqual(x, r) }) {
							next = append(next, r)
						}
					}
				}
			}
			if !equality.Semantic.DeepEqual(next, crs[i].Rules) {
				crs[i].Rules = next
				changed[i] = true
				any = true
			}
		}
		if !any {
			break
		}
	}
	for i := range changed {
		if _, err := cs.RbacV1().ClusterRoles().Update(ctx, &crs[i], metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	return len(changed)
}

// TestAgainstSubjectAccessReview builds the resolver from every RBAC object
// a real kube-apiserver holds (bootstrap roles included) and compares its
// answer with the server's SubjectAccessReview on several hundred
// questions. It is the proof that the resolver has the authorizer's
// semantics.
func TestAgainstSubjectAccessReview(t *testing.T) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, err := testcluster.Start(ctx, testcluster.Options{Logf: t.Logf, RemoveAPIServerFlags: []string{"audit-log-path", "audit-policy-file"}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	cs := c.Clientset(t, c.AdminToken)
	population(ctx, t, c, cs)

	// As created: aggregated roles have no rules yet; the resolver
	// aggregates itself.
	asCreated, unavailable, err := rbac.List(ctx, cs)
	if err != nil || len(unavailable) > 0 {
		t.Fatalf("list: %v %v", err, unavailable)
	}
	if n := playAggregationController(ctx, t, cs); n == 0 {
		t.Fatal("no aggregated ClusterRole changed: the bootstrap admin/edit/view should have")
	}
	asServed, _, err := rbac.List(ctx, cs)
	if err != nil {
		t.Fatal(err)
	}
	// The authorizer reads RBAC through informers: wait until it has
	// seen the last objects created and updated.
	sentinels := []sarCase{
		{rbac.UserInfo{Name: "carol"}, rbac.Attributes{Verb: "watch", APIGroup: "example.com", Resource: "widgets", Namespace: "ns-c"}},
		{rbac.UserInfo{Name: "carol"}, rbac.Attributes{Verb: "list", Resource: "secrets"}},
		{rbac.UserInfo{Name: "grace"}, rbac.Attributes{Verb: "create", APIGroup: "apps", Resource: "deployments", Namespace: "ns-a"}},
		{rbac.UserInfo{Name: "erin"}, rbac.Attributes{Verb: "list", APIGroup: "example.com", Resource: "widgets", Namespace: "ns-a"}},
	}
	for _, s := range sentinels {
		for deadline := time.Now().Add(20 * time.Second); ; {
			if ok, _ := ask(ctx, cs, s); ok {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the authorizer never allowed %s", s)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	resolvers := map[string]*rbac.Resolver{"as created": rbac.New(asCreated), "after aggregation": rbac.New(asServed)}
	t.Logf("%d ClusterRoles, %d ClusterRoleBindings, %d Roles, %d RoleBindings", len(asServed.ClusterRoles), len(asServed.ClusterRoleBindings), len(asServed.Roles), len(asServed.RoleBindings))

	cases := sarCases()
	var agreed, allowedCount atomic.Int64
	var mu sync.Mutex
	var disagreements []string
	work := make(chan sarCase)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for tc := range work {
				want, reason := ask(ctx, cs, tc)
				ok := true
				for name, r := range resolvers {
					got, grants := r.Allowed(tc.user, tc.attrs)
					if got != want {
						ok = false
						mu.Lock()
						disagreements = append(disagreements, fmt.Sprintf("%s: server %v (%s), resolver (%s) %v %+v", tc, want, reason, name, got, grants))
						mu.Unlock()
					}
					if got != whoCanHolds(r.WhoCan(tc.attrs), tc.user) {
						ok = false
						mu.Lock()
						disagreements = append(disagreements, fmt.Sprintf("%s: Allowed %v but WhoCan disagrees (%s)", tc, got, name))
						mu.Unlock()
					}
				}
				if ok {
					agreed.Add(1)
				}
				if want {
					allowedCount.Add(1)
				}
			}
		}()
	}
	for _, tc := range cases {
		work <- tc
	}
	close(work)
	wg.Wait()
	sort.Strings(disagreements)
	for _, d := range disagreements {
		t.Error(d)
	}
	t.Logf("%d SubjectAccessReviews compared (%d allowed, %d denied), %d agree, %d disagreements, in %s", len(cases), allowedCount.Load(), int64(len(cases))-allowedCount.Load(), agreed.Load(), len(disagreements), time.Since(start).Round(time.Millisecond))
	if len(cases) < 500 || allowedCount.Load() < 100 || int64(len(cases))-allowedCount.Load() < 100 {
		t.Errorf("the sample is too thin: %d cases, %d allowed", len(cases), allowedCount.Load())
	}
}

// whoCanHolds reports whether one of the grants names the user (or one of
// its implicit groups).
func whoCanHolds(grants []rbac.Grant, u rbac.UserInfo) bool {
	groups := implicitGroups(u)
	for _, g := range grants {
		s := g.Subject
		switch s.Kind {
		case "User":
			if s.Name == u.Name {
				return true
			}
		case "Group":
			if slices.Contains(groups, s.Name) {
				return true
			}
		case "ServiceAccount":
			if u.Name == "system:serviceaccount:"+s.Namespace+":"+s.Name {
				return true
			}
		}
	}
	return false
}

func ask(ctx context.Context, cs kubernetes.Interface, tc sarCase) (bool, string) {
	spec := authorizationv1.SubjectAccessReviewSpec{User: tc.user.Name, Groups: implicitGroups(tc.user)}
	a := tc.attrs
	if a.Path != "" {
		spec.NonResourceAttributes = &authorizationv1.NonResourceAttributes{Path: a.Path, Verb: a.Verb}
	} else {
		spec.ResourceAttributes = &authorizationv1.ResourceAttributes{Namespace: a.Namespace, Verb: a.Verb, Group: a.APIGroup, Resource: a.Resource, Subresource: a.Subresource, Name: a.Name}
	}
	for attempt := 0; ; attempt++ {
		res, err := cs.AuthorizationV1().SubjectAccessReviews().Create(ctx, &authorizationv1.SubjectAccessReview{Spec: spec}, metav1.CreateOptions{})
		if err == nil {
			return res.Status.Allowed, res.Status.Reason
		}
		if attempt == 2 {
			panic(fmt.Sprintf("SubjectAccessReview %s: %v", tc, err))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// sarCases is the systematic question set: the full cross product of
// subjects × verbs × resources × namespaces, sampled with a fixed seed, and
// every subject × verb × non-resource path.
func sarCases() []sarCase {
	users := []rbac.UserInfo{
		{Name: "alice"}, {Name: "bob"}, {Name: "carol"}, {Name: "dave"}, {Name: "erin"}, {Name: "frank"},
		{Name: "grace"}, {Name: "henry", Groups: []string{"devs"}}, {Name: "ivan"}, {Name: "nobody"},
		{Name: "system:serviceaccount:ns-a:robot"}, {Name: "system:serviceaccount:ns-c:builder"},
		{Name: "system:serviceaccount:ns-b:default"}, {Name: "system:anonymous"},
		{Name: "root", Groups: []string{"system:masters"}},
	}
	verbs := []string{"get", "list", "watch", "create", "update", "patch", "delete"}
	type res struct{ group, resource, sub, name string }
	resources := []res{
		{"", "pods", "", ""}, {"", "pods", "", "p1"}, {"", "pods", "log", ""}, {"", "pods", "exec", ""}, {"", "pods", "log", "p1"},
		{"", "configmaps", "", ""}, {"", "configmaps", "", "cm-1"}, {"", "configmaps", "", "cm-2"},
		{"", "secrets", "", ""}, {"", "secrets", "", "s-1"},
		{"apps", "deployments", "", ""}, {"apps", "deployments", "scale", ""}, {"apps", "replicasets", "scale", "rs"},
		{"", "replicationcontrollers", "scale", ""}, {"extensions", "deployments", "", ""},
		{"batch", "jobs", "", ""}, {"networking.k8s.io", "networkpolicies", "", ""}, {"example.com", "widgets", "", ""},
		{"", "services", "proxy", ""}, {"rbac.authorization.k8s.io", "roles", "", ""},
		{"", "namespaces", "", "ns-b"}, // a request for namespace N carries namespace N
	}
	clusterScoped := []res{{"", "nodes", "", ""}, {"", "nodes", "", "n1"}, {"rbac.authorization.k8s.io", "clusterroles", "", ""}, {"storage.k8s.io", "storageclasses", "", ""}}
	namespaces := []string{"", "ns-a", "ns-b", "ns-c", "ns-z"}
	var all []sarCase
	for _, u := range users {
		for _, v := range verbs {
			for _, r := range resources {
				for _, ns := range namespaces {
					all = append(all, sarCase{u, rbac.Attributes{Verb: v, APIGroup: r.group, Resource: r.resource, Subresource: r.sub, Name: r.name, Namespace: ns}})
				}
			}
			for _, r := range clusterScoped {
				all = append(all, sarCase{u, rbac.Attributes{Verb: v, APIGroup: r.group, Resource: r.resource, Subresource: r.sub, Name: r.name}})
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 37))
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	cases := all[:3000]
	paths := []string{"/metrics", "/logs", "/logs/", "/logs/kube.log", "/healthz", "/healthz/ping", "/version", "/api", "/apis/apps", "/apis/apps/v1", "/apis/batch", "/openapi/v2", "/livez", "/readyz", "/debug/pprof/", "/"}
	for _, u := range users {
		for _, v := range []string{"get", "post", "put"} {
			for _, p := range paths {
				cases = append(cases, sarCase{u, rbac.Attributes{Verb: v, Path: p}})
			}
		}
	}
	return cases
}
