// Package rbac resolves Kubernetes RBAC with the API server's own semantics:
// who holds a permission (WhoCan), and whether a user holds it and through
// which bindings, roles and rules (Allowed).
//
// The matching follows k8s.io/kubernetes plugin/pkg/auth/authorizer/rbac and
// pkg/apis/rbac/v1/evaluation_helpers.go; aggregated ClusterRoles are
// aggregated here (as kube-controller-manager's aggregation controller would),
// and the privileged group system:masters, which kube-apiserver allows before
// RBAC is asked, is modelled too. docs/rbac.md has the details; the e2e test
// compares every answer with a real kube-apiserver's SubjectAccessReview.
package rbac

import (
	"cmp"
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// Subject is who a binding names, with a service account's namespace
// resolved (a RoleBinding's service account without one is in the
// binding's namespace).
type Subject struct {
	Kind      string `json:"kind"` // User, Group or ServiceAccount
	Name      string `json:"name"`
	Namespace string `json:"namespace,omitempty"`
}

func (s Subject) String() string {
	if s.Namespace != "" {
		return s.Kind + "/" + s.Namespace + "/" + s.Name
	}
	return s.Kind + "/" + s.Name
}

// Ref names a binding or a role.
type Ref struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name"`
}

func (r Ref) String() string {
	if r.Kind == "" {
		return ""
	}
	if r.Namespace != "" {
		return r.Kind + "/" + r.Namespace + "/" + r.Name
	}
	return r.Kind + "/" + r.Name
}

// Grant is one way a subject holds a permission: the binding that names it,
// the role the binding refers to and the role's first rule that matches.
// For system:masters, Privileged is set and there is no binding, role or
// rule.
type Grant struct {
	Subject Subject            `json:"subject"`
	Binding Ref                `json:"binding"`
	Role    Ref                `json:"role"`
	Rule    *rbacv1.PolicyRule `json:"rule,omitempty"`
	// AggregatedFrom names the ClusterRole the rule is declared in when the
	// role is an aggregated ClusterRole that took it from another one.
	AggregatedFrom string `json:"aggregatedFrom,omitempty"`
	// Privileged: the subject is the group system:masters, allowed
	// everything by kube-apiserver before RBAC is asked.
	Privileged bool `json:"privileged,omitempty"`
}

// rule is a rule of a role's effective rules, with the ClusterRole it was
// declared in ("" for the role's own).
type rule struct {
	rbacv1.PolicyRule
	from string
}

type role struct {
	ref   Ref
	rules []rule
	// unfilled: an aggregated ClusterRole with no rules of its own and
	// no ClusterRole in the input that it aggregates.
	unfilled bool
}

type binding struct {
	ref      Ref
	role     *role // nil: the role does not exist; grants nothing
	roleRef  Ref
	subjects []Subject // resolved, deduplicated; those that can never match dropped
}

// Resolver answers RBAC questions about one set of objects. Build it with
// New, FromObjects or FromJSON; it is immutable and safe for concurrent use.
type Resolver struct {
	clusterRoles      map[string]*role
	roles             map[string]map[string]*role // namespace -> name
	clusterBindings   []*binding                  // sorted by name
	namespaceBindings map[string][]*binding       // namespace -> sorted by name
	bySubject         map[string][]subjectBinding // subjectKey -> ClusterRoleBindings first, then by namespace and name
	dangling          []string
}

// Objects are the RBAC objects a resolver is built from.
type Objects struct {
	Roles               []rbacv1.Role
	ClusterRoles        []rbacv1.ClusterRole
	RoleBindings        []rbacv1.RoleBinding
	ClusterRoleBindings []rbacv1.ClusterRoleBinding
}

// New builds a resolver: it aggregates the aggregated ClusterRoles and
// indexes roles by name and bindings by subject, once.
func New(o Objects) *Resolver {
	r := &Resolver{
		clusterRoles:      map[string]*role{},
		roles:             map[string]map[string]*role{},
		namespaceBindings: map[string][]*binding{},
		bySubject:         map[string][]subjectBinding{},
	}
	for _, cr := range aggregate(o.ClusterRoles) {
		r.clusterRoles[cr.ref.Name] = cr
	}
	for i := range o.Roles {
		ro := &o.Roles[i]
		m := r.roles[ro.Namespace]
		if m == nil {
			m = map[string]*role{}
			r.roles[ro.Namespace] = m
		}
		rr := &role{ref: Ref{Kind: "Role", Namespace: ro.Namespace, Name: ro.Name}}
		for _, pr := range ro.Rules {
			rr.rules = append(rr.rules, rule{PolicyRule: pr})
		}
		m[ro.Name] = rr
	}
	for i := range o.ClusterRoleBindings {
		crb := &o.ClusterRoleBindings[i]
		b := &binding{ref: Ref{Kind: "ClusterRoleBinding", Name: crb.Name}, roleRef: Ref{Kind: crb.RoleRef.Kind, Name: crb.RoleRef.Name}}
		if crb.RoleRef.Kind == "ClusterRole" {
			b.role = r.clusterRoles[crb.RoleRef.Name]
		}
		b.subjects = resolveSubjects(crb.Subjects, "")
		r.clusterBindings = append(r.clusterBindings, b)
	}
	for i := range o.RoleBindings {
		rb := &o.RoleBindings[i]
		b := &binding{ref: Ref{Kind: "RoleBinding", Namespace: rb.Namespace, Name: rb.Name}, roleRef: Ref{Kind: rb.RoleRef.Kind, Name: rb.RoleRef.Name}}
		switch rb.RoleRef.Kind {
		case "ClusterRole":
			b.role = r.clusterRoles[rb.RoleRef.Name]
		case "Role":
			b.roleRef.Namespace = rb.Namespace
			b.role = r.roles[rb.Namespace][rb.RoleRef.Name]
		}
		b.subjects = resolveSubjects(rb.Subjects, rb.Namespace)
		r.namespaceBindings[rb.Namespace] = append(r.namespaceBindings[rb.Namespace], b)
	}
	byRef := func(a, b *binding) int {
		return cmp.Or(cmp.Compare(a.ref.Namespace, b.ref.Namespace), cmp.Compare(a.ref.Name, b.ref.Name))
	}
	slices.SortFunc(r.clusterBindings, byRef)
	all := slices.Clone(r.clusterBindings)
	for _, ns := range sortedKeys(r.namespaceBindings) {
		slices.SortFunc(r.namespaceBindings[ns], byRef)
		all = append(all, r.namespaceBindings[ns]...)
	}
	for _, b := range all {
		if b.role == nil {
			r.dangling = append(r.dangling, b.ref.String()+" refers to "+b.roleRef.String()+", which does not exist")
		} else if b.role.unfilled {
			// Its rules are the union of ClusterRoles that were not
			// read (manifests hold the aggregated role, the cluster
			// holds what it aggregates): it grants unknown rights.
			r.dangling = append(r.dangling, b.ref.String()+" refers to "+b.roleRef.String()+", an aggregated ClusterRole with no rules of its own and none of the ClusterRoles it aggregates, which does not exist")
		}
		for _, s := range b.subjects {
			k := subjectKey(s)
			r.bySubject[k] = append(r.bySubject[k], subjectBinding{b, s})
		}
	}
	return r
}

type subjectBinding struct {
	b   *binding
	sub Subject
}

// subjectKey is what a subject matches: a user name (a service account
// matches the user system:serviceaccount:<ns>:<name>, compared as a whole,
// as upstream does) or a group name.
func subjectKey(s Subject) string {
	switch s.Kind {
	case rbacv1.GroupKind:
		return "g:" + s.Name
	case rbacv1.ServiceAccountKind:
		return "u:" + ServiceAccountUser(s.Namespace, s.Name)
	}
	return "u:" + s.Name
}

// Dangling lists the bindings whose role does not exist (they grant
// nothing), sorted.
func (r *Resolver) Dangling() []string { return slices.Clone(r.dangling) }

// resolveSubjects resolves the namespace of service accounts (the binding's
// when empty) and drops the subjects that can never match: unknown kinds,
// and service accounts without a namespace in a ClusterRoleBinding.
func resolveSubjects(subjects []rbacv1.Subject, namespace string) []Subject {
	var out []Subject
	for _, s := range subjects {
		var sub Subject
		switch s.Kind {
		case rbacv1.UserKind, rbacv1.GroupKind:
			sub = Subject{Kind: s.Kind, Name: s.Name}
		case rbacv1.ServiceAccountKind:
			ns := cmp.Or(s.Namespace, namespace)
			if ns == "" {
				continue
			}
			sub = Subject{Kind: s.Kind, Name: s.Name, Namespace: ns}
		default:
			continue
		}
		if !slices.Contains(out, sub) {
			out = append(out, sub)
		}
	}
	return out
}

// aggregate returns the ClusterRoles with their effective rules: a
// ClusterRole with an aggregationRule has its own rules, then those of every
// other ClusterRole one of its selectors matches, transitively (each
// ClusterRole's rules once, cycles included), in name order of a
// breadth-first walk.
func aggregate(crs []rbacv1.ClusterRole) []*role {
	sorted := make([]*rbacv1.ClusterRole, len(crs))
	for i := range crs {
		sorted[i] = &crs[i]
	}
	slices.SortFunc(sorted, func(a, b *rbacv1.ClusterRole) int { return cmp.Compare(a.Name, b.Name) })
	index := map[string]int{}
	for i, cr := range sorted {
		index[cr.Name] = i
	}
	// edges[i]: the ClusterRoles the selectors of i match, by name.
	edges := make([][]int, len(sorted))
	for i, cr := range sorted {
		if cr.AggregationRule == nil {
			continue
		}
		var sels []labels.Selector
		for j := range cr.AggregationRule.ClusterRoleSelectors {
			sel, err := metav1.LabelSelectorAsSelector(&cr.AggregationRule.ClusterRoleSelectors[j])
			if err != nil {
				continue // matches nothing here; the controller would fail to sync the role (validation rejects it)
			}
			sels = append(sels, sel)
		}
		for k, other := range sorted {
			if k == i {
				continue
			}
			set := labels.Set(other.Labels)
			for _, sel := range sels {
				if sel.Matches(set) {
					edges[i] = append(edges[i], k)
					break
				}
			}
		}
	}
	out := make([]*role, len(sorted))
	for i, cr := range sorted {
		ro := &role{ref: Ref{Kind: "ClusterRole", Name: cr.Name}}
		ro.unfilled = cr.AggregationRule != nil && len(cr.Rules) == 0 && len(edges[i]) == 0
		seen := map[int]bool{i: true}
		queue := []int{i}
		var keys map[string]bool
		if len(edges[i]) > 0 {
			keys = map[string]bool{}
		}
		for len(queue) > 0 {
			k := queue[0]
			queue = queue[1:]
			from := ""
			if k != i {
				from = sorted[k].Name
			}
			for _, pr := range sorted[k].Rules {
				if keys != nil {
					key := ruleKey(pr)
					if keys[key] {
						continue
					}
					keys[key] = true
				}
				ro.rules = append(ro.rules, rule{PolicyRule: pr, from: from})
			}
			for _, e := range edges[k] {
				if !seen[e] {
					seen[e] = true
					queue = append(queue, e)
				}
			}
		}
		out[i] = ro
	}
	return out
}

func ruleKey(pr rbacv1.PolicyRule) string {
	var b strings.Builder
	for _, l := range [][]string{pr.Verbs, pr.APIGroups, pr.Resources, pr.ResourceNames, pr.NonResourceURLs} {
		b.WriteString(strings.Join(l, "\x00"))
		b.WriteByte('\x01')
	}
	return b.String()
}

// Rules returns the effective rules of a ClusterRole (aggregated), or of a
// Role when namespace is set; nil when there is no such role.
func (r *Resolver) Rules(namespace, name string) []rbacv1.PolicyRule {
	var ro *role
	if namespace == "" {
		ro = r.clusterRoles[name]
	} else {
		ro = r.roles[namespace][name]
	}
	if ro == nil {
		return nil
	}
	out := make([]rbacv1.PolicyRule, len(ro.rules))
	for i, ru := range ro.rules {
		out[i] = ru.PolicyRule
	}
	return out
}

// Allowed reports whether the user may do what attrs ask, and every grant
// that allows it: the privileged group, then each binding (ClusterRoleBindings
// by name, then RoleBindings of the request's namespace by name) with the
// subject it names and the first rule of its role that matches. The
// user's implicit groups are added (UserInfo.WithImplicitGroups).
func (r *Resolver) Allowed(user UserInfo, attrs Attributes) (bool, []Grant) {
	attrs = attrs.Normalize()
	u := user.WithImplicitGroups()
	var grants []Grant
	if slices.Contains(u.Groups, PrivilegedGroup) {
		grants = append(grants, privilegedGrant())
	}
	keys := []string{"u:" + u.Name}
	for _, g := range u.Groups {
		keys = append(keys, "g:"+g)
	}
	// The bindings that name the user, each once, with the first of its
	// subjects that matches the user.
	var hits []subjectBinding
	seen := map[*binding]bool{}
	for _, k := range keys {
		for _, h := range r.bySubject[k] {
			if !seen[h.b] && r.applies(h.b, attrs) {
				seen[h.b] = true
				hits = append(hits, h)
			}
		}
	}
	slices.SortStableFunc(hits, func(a, b subjectBinding) int { return compareBindings(a.b, b.b) })
	for _, h := range hits {
		if ru := firstMatch(h.b.role, attrs); ru != nil {
			grants = append(grants, grant(h.sub, h.b, ru))
		}
	}
	return len(grants) > 0, grants
}

// WhoCan returns every grant of the permission attrs ask for: the
// privileged group system:masters first, then by subject, binding and role.
func (r *Resolver) WhoCan(attrs Attributes) []Grant {
	attrs = attrs.Normalize()
	grants := []Grant{privilegedGrant()}
	memo := map[*role]*rule{}
	visit := func(bs []*binding) {
		for _, b := range bs {
			if b.role == nil || len(b.subjects) == 0 {
				continue
			}
			ru, ok := memo[b.role]
			if !ok {
				ru = firstMatch(b.role, attrs)
				memo[b.role] = ru
			}
			if ru == nil {
				continue
			}
			for _, s := range b.subjects {
				grants = append(grants, grant(s, b, ru))
			}
		}
	}
	visit(r.clusterBindings)
	if attrs.IsResourceRequest() && attrs.Namespace != "" {
		visit(r.namespaceBindings[attrs.Namespace])
	}
	slices.SortStableFunc(grants[1:], compareGrants)
	return grants
}

// applies reports whether a binding is looked at for the request: every
// ClusterRoleBinding, and the RoleBindings of the request's namespace.
func (r *Resolver) applies(b *binding, attrs Attributes) bool {
	if b.ref.Kind == "ClusterRoleBinding" {
		return true
	}
	return attrs.IsResourceRequest() && attrs.Namespace != "" && b.ref.Namespace == attrs.Namespace
}

func privilegedGrant() Grant {
	return Grant{Subject: Subject{Kind: rbacv1.GroupKind, Name: PrivilegedGroup}, Privileged: true}
}

func grant(s Subject, b *binding, ru *rule) Grant {
	pr := ru.PolicyRule
	return Grant{Subject: s, Binding: b.ref, Role: b.role.ref, Rule: &pr, AggregatedFrom: ru.from}
}

func compareBindings(a, b *binding) int {
	// ClusterRoleBindings before RoleBindings (C < R).
	return cmp.Or(cmp.Compare(a.ref.Kind, b.ref.Kind), cmp.Compare(a.ref.Namespace, b.ref.Namespace), cmp.Compare(a.ref.Name, b.ref.Name))
}

var subjectOrder = map[string]int{rbacv1.UserKind: 0, rbacv1.GroupKind: 1, rbacv1.ServiceAccountKind: 2}

func compareGrants(a, b Grant) int {
	return cmp.Or(
		cmp.Compare(subjectOrder[a.Subject.Kind], subjectOrder[b.Subject.Kind]),
		cmp.Compare(a.Subject.Namespace, b.Subject.Namespace),
		cmp.Compare(a.Subject.Name, b.Subject.Name),
		cmp.Compare(a.Binding.Kind, b.Binding.Kind),
		cmp.Compare(a.Binding.Namespace, b.Binding.Namespace),
		cmp.Compare(a.Binding.Name, b.Binding.Name),
	)
}

func firstMatch(ro *role, attrs Attributes) *rule {
	if ro == nil {
		return nil
	}
	for i := range ro.rules {
		if RuleAllows(attrs, &ro.rules[i].PolicyRule) {
			return &ro.rules[i]
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
