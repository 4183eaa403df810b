package rbac

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
)

// Severity of a risk: Low < Medium < High < Critical.
type Severity int

const (
	Low Severity = iota + 1
	Medium
	High
	Critical
)

var severityNames = map[Severity]string{Low: "low", Medium: "medium", High: "high", Critical: "critical"}

func (s Severity) String() string {
	if n, ok := severityNames[s]; ok {
		return n
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads critical, high, medium or low (any case).
func ParseSeverity(s string) (Severity, error) {
	for k, v := range severityNames {
		if strings.EqualFold(s, v) {
			return k, nil
		}
	}
	return 0, fmt.Errorf("severity %q: want critical, high, medium or low", s)
}

func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

func (s *Severity) UnmarshalJSON(b []byte) error {
	var str string
	if err := json.Unmarshal(b, &str); err != nil {
		return err
	}
	v, err := ParseSeverity(str)
	*s = v
	return err
}

// Where a risk is looked for.
type Where int

const (
	// InCluster: held through ClusterRoleBindings only: the requests are for
	// cluster-scoped resources, or for every namespace at once.
	InCluster Where = iota
	// InNamespace: held in one namespace through a RoleBinding of it; the
	// cluster-wide form is a separate risk.
	InNamespace
	// Anywhere: held cluster-wide through ClusterRoleBindings (scope
	// "cluster") and per namespace through RoleBindings.
	Anywhere
)

// Risk is a dangerous permission. A subject holds it when, for one of the
// sets of AnyOf, it is allowed every request of the set (most sets hold one
// request; approving certificates takes two).
type Risk struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
	Why      string   `json:"why"`
	Where    Where    `json:"-"`
	// AnyOf: the requests, without namespace (it is set per scope) and
	// without name unless the API server asks with one (signers).
	AnyOf [][]Attributes `json:"-"`
}

// ScopeCluster is the scope of a risk held through ClusterRoleBindings;
// otherwise the scope is the namespace of the RoleBinding.
const ScopeCluster = "cluster"

// RiskFinding is one subject holding one risk in one scope, with every
// grant that contributes (deduplicated by binding and role).
type RiskFinding struct {
	Subject Subject `json:"subject"`
	Risk    Risk    `json:"risk"`
	Scope   string  `json:"scope"`
	// System: a subject Kubernetes itself needs (see IsSystemSubject);
	// hidden by default by `kubeassay rbac risks`.
	System bool    `json:"system,omitempty"`
	Via    []Grant `json:"via"`
	// Implies: set by FoldWildcard on an RBAC-WILDCARD finding, the risks
	// of the same subject it folded (held through the same bindings).
	Implies []string `json:"implies,omitempty"`
	index   int      // of the risk in the catalog
}

// IsWildcard reports whether a risk is every verb on every resource (a
// rule with * in verbs, apiGroups and resources): at cluster scope it
// implies every other one.
func (r Risk) IsWildcard() bool {
	return len(r.AnyOf) == 1 && len(r.AnyOf[0]) == 1 && r.AnyOf[0][0] == Attributes{Verb: "*", APIGroup: "*", Resource: "*"}
}

// FoldWildcard folds into each wildcard finding (Risk.IsWildcard) the other
// cluster-scope findings of the same subject whose grants all come through
// the bindings and roles of the wildcard finding: they say nothing more
// (whoever has every verb on every resource has each of them). A finding
// with a grant of its own (another binding, or a RoleBinding in a
// namespace) stays. The order is kept.
func FoldWildcard(fs []RiskFinding) []RiskFinding {
	covers := map[Subject]map[string]bool{} // subject -> binding+role of its wildcard grants
	for _, f := range fs {
		if f.Risk.IsWildcard() && f.Scope == ScopeCluster {
			m := map[string]bool{}
			for _, g := range f.Via {
				m[viaKey(g)] = true
			}
			covers[f.Subject] = m
		}
	}
	implied := map[Subject][]string{}
	out := make([]RiskFinding, 0, len(fs))
	for _, f := range fs {
		if m := covers[f.Subject]; m != nil && !f.Risk.IsWildcard() && f.Scope == ScopeCluster &&
			!slices.ContainsFunc(f.Via, func(g Grant) bool { return !m[viaKey(g)] }) {
			implied[f.Subject] = append(implied[f.Subject], f.Risk.ID)
			continue
		}
		out = append(out, f)
	}
	for i := range out {
		if out[i].Risk.IsWildcard() && out[i].Scope == ScopeCluster {
			out[i].Implies = implied[out[i].Subject]
		}
	}
	return out
}

func viaKey(g Grant) string {
	if g.Privileged {
		return "privileged"
	}
	return g.Binding.String() + "\x00" + g.Role.String()
}

// IsSystemSubject reports whether a subject is one Kubernetes itself needs
// to hold dangerous permissions: the group system:masters, the control
// plane's users (system:kube-controller-manager, system:kube-scheduler,
// system:kube-proxy), the nodes (group system:nodes, users system:node:*),
// and the service accounts of kube-system. The broad groups
// (system:authenticated, system:unauthenticated, system:serviceaccounts...)
// are not: a dangerous grant to them is a finding.
func IsSystemSubject(s Subject) bool {
	switch s.Kind {
	case rbacv1.GroupKind:
		return s.Name == PrivilegedGroup || s.Name == "system:nodes"
	case rbacv1.ServiceAccountKind:
		return s.Namespace == "kube-system"
	case rbacv1.UserKind:
		switch s.Name {
		case "system:kube-controller-manager", "system:kube-scheduler", "system:kube-proxy":
			return true
		}
		if ns, _, ok := ParseServiceAccountUser(s.Name); ok {
			return ns == "kube-system"
		}
		return strings.HasPrefix(s.Name, "system:node:")
	}
	return false
}

// FindRisks returns every subject holding a risk of catalog (the checks
// that define one: checks.Catalog.RBACRisks), system subjects included (marked System): sorted by severity
// (critical first), subject (users, groups, service accounts, by namespace
// and name), the risk's place in the catalog, and scope (cluster first,
// then namespaces by name).
//
// Cluster scope: the requests are asked for every namespace at once (or
// for the cluster-scoped resource), so only ClusterRoleBindings and
// system:masters hold them. Namespace scope: the requests are asked in each
// namespace that has RoleBindings; a subject is reported there when a
// RoleBinding of the namespace contributes (a subject holding the risk
// through ClusterRoleBindings alone is reported once, at cluster scope).
// Rules restricted by resourceNames do not hold a risk: its requests carry
// no name (except those the catalog names: signers, which the API server
// asks by name, and bind on the ClusterRole cluster-admin).
func (r *Resolver) FindRisks(catalog []Risk) []RiskFinding {
	var out []RiskFinding
	cache := map[Attributes]map[Subject][]Grant{}
	for i := range catalog {
		risk := catalog[i]
		if risk.Where != InNamespace {
			out = append(out, r.holders(risk, i, "", cache)...)
		}
		if risk.Where != InCluster {
			for _, ns := range sortedKeys(r.namespaceBindings) {
				out = append(out, r.holders(risk, i, ns, cache)...)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b RiskFinding) int {
		return cmp.Or(
			-cmp.Compare(a.Risk.Severity, b.Risk.Severity),
			compareSubjects(a.Subject, b.Subject),
			cmp.Compare(a.index, b.index),
			compareScopes(a.Scope, b.Scope),
		)
	})
	return out
}

func compareSubjects(a, b Subject) int {
	return cmp.Or(
		cmp.Compare(subjectOrder[a.Kind], subjectOrder[b.Kind]),
		cmp.Compare(a.Namespace, b.Namespace),
		cmp.Compare(a.Name, b.Name),
	)
}

func compareScopes(a, b string) int {
	if (a == ScopeCluster) != (b == ScopeCluster) {
		if a == ScopeCluster {
			return -1
		}
		return 1
	}
	return cmp.Compare(a, b)
}

// holders returns the subjects holding risk in namespace ns ("" for the
// cluster scope).
func (r *Resolver) holders(risk Risk, index int, ns string, cache map[Attributes]map[Subject][]Grant) []RiskFinding {
	type held struct {
		via  []Grant
		seen map[string]bool
	}
	bySubject := map[Subject]*held{}
	for _, set := range risk.AnyOf {
		reqs := make([]Attributes, len(set))
		for i, a := range set {
			a.Namespace = ns
			a = a.Normalize()
			if ns != "" && bindsClusterRoles(a) {
				a.Namespace = ns // see bindsClusterRoles
			}
			reqs[i] = a
		}
		if len(reqs) == 0 {
			continue
		}
		// In a namespace, the grants of its RoleBindings first: the
		// candidates are the subjects they name.
		var nsGrants []map[Subject][]Grant
		var candidates []Subject
		if ns == "" {
			for sub := range r.clusterGrants(reqs[0], cache) {
				candidates = append(candidates, sub)
			}
		} else {
			nsGrants = make([]map[Subject][]Grant, len(reqs))
			seen := map[Subject]bool{}
			for i, a := range reqs {
				if !a.IsResourceRequest() || a.Namespace == "" {
					continue
				}
				for _, g := range r.grantsOf(r.namespaceBindings[ns], a) {
					if nsGrants[i] == nil {
						nsGrants[i] = map[Subject][]Grant{}
					}
					nsGrants[i][g.Subject] = append(nsGrants[i][g.Subject], g)
					if !seen[g.Subject] {
						seen[g.Subject] = true
						candidates = append(candidates, g.Subject)
					}
				}
			}
		}
		for _, sub := range candidates {
			var via []Grant
			for i := range reqs {
				gs := slices.Clip(r.clusterGrants(reqs[i], cache)[sub])
				if nsGrants != nil {
					gs = append(gs, nsGrants[i][sub]...)
				}
				if len(gs) == 0 {
					via = nil
					break
				}
				via = append(via, gs...)
			}
			if via == nil {
				continue
			}
			h := bySubject[sub]
			if h == nil {
				h = &held{seen: map[string]bool{}}
				bySubject[sub] = h
			}
			for _, g := range via {
				if k := viaKey(g); !h.seen[k] {
					h.seen[k] = true
					h.via = append(h.via, g)
				}
			}
		}
	}
	scope := cmp.Or(ns, ScopeCluster)
	out := make([]RiskFinding, 0, len(bySubject))
	for s, h := range bySubject {
		slices.SortStableFunc(h.via, func(a, b Grant) int {
			return cmp.Or(cmp.Compare(a.Binding.Kind, b.Binding.Kind), cmp.Compare(a.Binding.Namespace, b.Binding.Namespace),
				cmp.Compare(a.Binding.Name, b.Binding.Name), cmp.Compare(a.Role.Kind, b.Role.Kind), cmp.Compare(a.Role.Name, b.Role.Name))
		})
		out = append(out, RiskFinding{Subject: s, Risk: risk, Scope: scope, System: IsSystemSubject(s), Via: h.via, index: index})
	}
	return out
}

// bindsClusterRoles: bind on clusterroles is the one request for a
// cluster-scoped resource the API server asks with a namespace: to create a
// RoleBinding to a ClusterRole it asks bind on that ClusterRole in the
// RoleBinding's namespace, so a RoleBinding granting it counts there.
func bindsClusterRoles(a Attributes) bool {
	return a.Verb == "bind" && a.APIGroup == Group && a.Resource == "clusterroles" && a.Subresource == ""
}

// clusterGrants: system:masters and the ClusterRoleBindings' grants of a
// request. Namespace-independent (a rule does not look at the namespace),
// so the same for the cluster scope and every namespace.
func (r *Resolver) clusterGrants(a Attributes, cache map[Attributes]map[Subject][]Grant) map[Subject][]Grant {
	a.Namespace = ""
	if m, ok := cache[a]; ok {
		return m
	}
	m := map[Subject][]Grant{}
	for _, g := range append([]Grant{privilegedGrant()}, r.grantsOf(r.clusterBindings, a)...) {
		m[g.Subject] = append(m[g.Subject], g)
	}
	cache[a] = m
	return m
}

// grantsOf: the grants of bindings for a request, as WhoCan finds them.
func (r *Resolver) grantsOf(bs []*binding, a Attributes) []Grant {
	var out []Grant
	for _, b := range bs {
		if b.role == nil || len(b.subjects) == 0 {
			continue
		}
		ru := firstMatch(b.role, a)
		if ru == nil {
			continue
		}
		for _, s := range b.subjects {
			out = append(out, grant(s, b, ru))
		}
	}
	return out
}

// MergeParts merges the findings of one subject, risk id and scope into
// one: a risk defined in parts (checks.Catalog.RBACRisks gives one Risk per
// part of a check's risk) is one risk to its reader. The first finding's
// place is kept; the grants are the union of the parts' (deduplicated), the
// title the distinct titles of the parts held, in catalog order.
func MergeParts(fs []RiskFinding) []RiskFinding {
	type key struct {
		sub   Subject
		id    string
		scope string
	}
	at := map[key]int{}
	out := make([]RiskFinding, 0, len(fs))
	for _, f := range fs {
		k := key{f.Subject, f.Risk.ID, f.Scope}
		i, ok := at[k]
		if !ok {
			at[k] = len(out)
			f.Via = slices.Clone(f.Via)
			out = append(out, f)
			continue
		}
		m := &out[i]
		if !slices.Contains(strings.Split(m.Risk.Title, "; "), f.Risk.Title) {
			m.Risk.Title += "; " + f.Risk.Title
		}
		for _, g := range f.Via {
			if !slices.ContainsFunc(m.Via, func(h Grant) bool { return viaKey(h) == viaKey(g) }) {
				m.Via = append(m.Via, g)
			}
		}
		m.System = m.System && f.System
	}
	return out
}
