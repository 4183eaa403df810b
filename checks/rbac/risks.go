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

// WildcardID is the risk that implies every other one at cluster scope.
const WildcardID = "RBAC-WILDCARD"

// FoldWildcard folds into each RBAC-WILDCARD finding the other
// cluster-scope findings of the same subject whose grants all come through
// the bindings and roles of the wildcard finding: they say nothing more
// (whoever has every verb on every resource has each of them). A finding
// with a grant of its own (another binding, or a RoleBinding in a
// namespace) stays. The order is kept.
func FoldWildcard(fs []RiskFinding) []RiskFinding {
	covers := map[Subject]map[string]bool{} // subject -> binding+role of its wildcard grants
	for _, f := range fs {
		if f.Risk.ID == WildcardID && f.Scope == ScopeCluster {
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
		if m := covers[f.Subject]; m != nil && f.Risk.ID != WildcardID && f.Scope == ScopeCluster &&
			!slices.ContainsFunc(f.Via, func(g Grant) bool { return !m[viaKey(g)] }) {
			implied[f.Subject] = append(implied[f.Subject], f.Risk.ID)
			continue
		}
		out = append(out, f)
	}
	for i := range out {
		if out[i].Risk.ID == WildcardID && out[i].Scope == ScopeCluster {
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

// FindRisks returns every subject holding a risk of catalog (Risks when
// nil), system subjects included (marked System): sorted by severity
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
	if catalog == nil {
		catalog = Risks
	}
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

// Requests of the catalog.
func req(verb, group, resource string) Attributes {
	resource, sub, _ := strings.Cut(resource, "/")
	return Attributes{Verb: verb, APIGroup: group, Resource: resource, Subresource: sub}
}

// anyOf: the risk is held with any one of the requests.
func anyOf(reqs ...Attributes) [][]Attributes {
	out := make([][]Attributes, len(reqs))
	for i, a := range reqs {
		out[i] = []Attributes{a}
	}
	return out
}

// each: every verb on every resource of one group.
func each(verbs []string, group string, resources ...string) []Attributes {
	var out []Attributes
	for _, res := range resources {
		for _, v := range verbs {
			out = append(out, req(v, group, res))
		}
	}
	return out
}

func signer(name string) Attributes {
	return Attributes{Verb: "approve", APIGroup: "certificates.k8s.io", Resource: "signers", Name: name}
}

var approvals = []Attributes{
	named(req("update", "certificates.k8s.io", "certificatesigningrequests/approval")),
	named(req("patch", "certificates.k8s.io", "certificatesigningrequests/approval")),
}

// named asks a with some object name (AnyName): a rule limited to named
// objects grants it too.
func named(a Attributes) Attributes {
	a.Name = AnyName
	return a
}

// namedEach is each, asked for some object name.
func namedEach(verbs []string, group string, resources ...string) []Attributes {
	out := each(verbs, group, resources...)
	for i := range out {
		out[i] = named(out[i])
	}
	return out
}

// Risks is the catalog of dangerous permissions, reviewed like code: an
// ID is stable once released. docs/rbac.md has it as a table.
var Risks = []Risk{
	{
		ID: "RBAC-WILDCARD", Title: "every verb on every resource (cluster-admin equivalent)", Severity: Critical, Where: InCluster,
		Why:   "A rule with verbs, apiGroups and resources all `*` bound cluster-wide allows everything the API offers, including every other risk on this list: whoever holds it owns the cluster.",
		AnyOf: anyOf(req("*", "*", "*")),
	},
	{
		ID: "RBAC-SECRETS-READ-CLUSTER", Title: "read Secrets in every namespace", Severity: Critical, Where: InCluster,
		Why:   "Secrets hold service account tokens, registry credentials and TLS keys; reading them in every namespace yields the credentials of the most privileged workloads of the cluster.",
		AnyOf: anyOf(each([]string{"get", "list", "watch"}, "", "secrets")...),
	},
	{
		ID: "RBAC-SECRETS-READ", Title: "read Secrets in a namespace", Severity: High, Where: InNamespace,
		Why:   "Every Secret of the namespace is readable: the credentials of its applications, and any service account token stored as a Secret, whose permissions the holder then has.",
		AnyOf: anyOf(each([]string{"get", "list", "watch"}, "", "secrets")...),
	},
	{
		ID: "RBAC-NODES-PROXY", Title: "proxy to the kubelet API (nodes/proxy)", Severity: Critical, Where: InCluster,
		Why:   "nodes/proxy reaches the kubelet API of every node, which can run commands in any container of the node; requests through it bypass admission control, and the audit log shows a nodes/proxy request, not a pod exec.",
		AnyOf: anyOf(namedEach([]string{"get", "create"}, "", "nodes/proxy")...),
	},
	{
		ID: "RBAC-IMPERSONATE", Title: "impersonate users, groups or service accounts", Severity: Critical, Where: InCluster,
		Why:   "Impersonation lets the holder act as any user, group (system:masters included) or service account: it has every permission of whoever it chooses to be.",
		AnyOf: anyOf(namedEach([]string{"impersonate"}, "", "users", "groups", "serviceaccounts")...),
	},
	{
		ID: "RBAC-CSR-APPROVE", Title: "approve certificate signing requests for API client certificates", Severity: Critical, Where: InCluster,
		Why: "Approving a CSR for the kube-apiserver-client signers makes the cluster CA issue a client certificate for any user and groups, system:masters included; approval needs update on certificatesigningrequests/approval and approve on the signer.",
		AnyOf: func() [][]Attributes {
			var sets [][]Attributes
			for _, a := range approvals {
				for _, s := range []string{"kubernetes.io/kube-apiserver-client", "kubernetes.io/kube-apiserver-client-kubelet", "kubernetes.io/*"} {
					sets = append(sets, []Attributes{a, signer(s)})
				}
			}
			return sets
		}(),
	},
	{
		ID: "RBAC-MUTATING-WEBHOOK", Title: "create or modify mutating admission webhooks", Severity: Critical, Where: InCluster,
		Why:   "A mutating webhook receives the objects it selects (Secrets included) and may change any of them as they are admitted, for example add a container or a host mount to every new pod.",
		AnyOf: anyOf(each([]string{"create", "update", "patch"}, "admissionregistration.k8s.io", "mutatingwebhookconfigurations")...),
	},
	{
		ID: "RBAC-VALIDATING-WEBHOOK", Title: "create or modify validating admission webhooks", Severity: High, Where: InCluster,
		Why:   "A validating webhook receives the objects it selects (Secrets included) and can reject any request; changing one can also disable a policy the cluster relies on.",
		AnyOf: anyOf(each([]string{"create", "update", "patch"}, "admissionregistration.k8s.io", "validatingwebhookconfigurations")...),
	},
	{
		ID: "RBAC-BIND", Title: "bind any role (bind on roles or clusterroles)", Severity: High, Where: Anywhere,
		Why: "The bind verb lifts the API server's escalation check on bindings: with permission to create a binding, the holder can grant itself any role it may bind, cluster-admin included, without holding its permissions. Bind restricted to cluster-admin by resourceNames counts.",
		AnyOf: anyOf(req("bind", Group, "clusterroles"), req("bind", Group, "roles"),
			Attributes{Verb: "bind", APIGroup: Group, Resource: "clusterroles", Name: "cluster-admin"}),
	},
	{
		ID: "RBAC-ESCALATE", Title: "escalate roles (escalate on roles or clusterroles)", Severity: High, Where: Anywhere,
		Why:   "The escalate verb lifts the API server's escalation check on roles: with permission to update a role bound to it, the holder can add any permission to that role.",
		AnyOf: anyOf(req("escalate", Group, "clusterroles"), req("escalate", Group, "roles")),
	},
	{
		ID: "RBAC-CLUSTERROLEBINDINGS-MODIFY", Title: "create or modify ClusterRoleBindings", Severity: High, Where: InCluster,
		Why:   "Binding ClusterRoles cluster-wide grants their permissions to any subject, including identities the holder controls; the escalation check limits it to roles the holder may bind, but with bind (or permissions of its own) it reaches cluster-admin.",
		AnyOf: anyOf(each([]string{"create", "update", "patch"}, Group, "clusterrolebindings")...),
	},
	{
		ID: "RBAC-PODS-CREATE", Title: "create pods", Severity: High, Where: Anywhere,
		Why:   "A new pod can run as any service account of its namespace (taking its token) and, unless admission forbids it, be privileged or mount the node's filesystem.",
		AnyOf: anyOf(req("create", "", "pods")),
	},
	{
		ID: "RBAC-WORKLOADS-CREATE", Title: "create workloads that create pods", Severity: High, Where: Anywhere,
		Why: "Deployments, DaemonSets, StatefulSets, ReplicaSets, Jobs, CronJobs and ReplicationControllers create pods from their template: the holder runs pods as with create pods (a DaemonSet on every node).",
		AnyOf: anyOf(
			req("create", "apps", "deployments"), req("create", "apps", "daemonsets"), req("create", "apps", "statefulsets"),
			req("create", "apps", "replicasets"), req("create", "batch", "jobs"), req("create", "batch", "cronjobs"),
			req("create", "", "replicationcontrollers")),
	},
	{
		ID: "RBAC-PODS-EXEC", Title: "run commands in containers (pods/exec)", Severity: High, Where: Anywhere,
		Why:   "Exec runs any command in a running container, with its service account token, its mounted Secrets and its privileges. get counts too: older API servers allowed exec over WebSocket with get.",
		AnyOf: anyOf(req("create", "", "pods/exec"), req("get", "", "pods/exec")),
	},
	{
		ID: "RBAC-PODS-EPHEMERAL", Title: "add ephemeral containers to pods", Severity: High, Where: Anywhere,
		Why:   "An ephemeral container added to a running pod runs any image with the pod's service account, volumes and namespaces: exec by another name.",
		AnyOf: anyOf(req("update", "", "pods/ephemeralcontainers"), req("patch", "", "pods/ephemeralcontainers")),
	},
	{
		ID: "RBAC-SA-TOKEN-CREATE", Title: "create service account tokens", Severity: High, Where: Anywhere,
		Why:   "serviceaccounts/token issues a token for a service account: the holder acts as any service account it may ask for (all of the namespace, or of the cluster).",
		AnyOf: anyOf(req("create", "", "serviceaccounts/token")),
	},
	{
		ID: "RBAC-IMPERSONATE-SERVICEACCOUNTS", Title: "impersonate the service accounts of a namespace", Severity: High, Where: InNamespace,
		Why:   "A RoleBinding allowing impersonate on serviceaccounts lets the holder act as every service account of the namespace.",
		AnyOf: anyOf(req("impersonate", "", "serviceaccounts")),
	},
	{
		ID: "RBAC-PV-CREATE", Title: "create PersistentVolumes", Severity: High, Where: InCluster,
		Why:   "A PersistentVolume can be a hostPath: a pod claiming it mounts any directory of the node it runs on, such as the kubelet's credentials or the container runtime socket.",
		AnyOf: anyOf(req("create", "", "persistentvolumes")),
	},
	{
		ID: "RBAC-PODS-ATTACH", Title: "attach to containers (pods/attach)", Severity: Medium, Where: Anywhere,
		Why:   "Attach connects to the main process of a running container: where it reads a shell or commands from stdin, this is exec. get counts as for exec.",
		AnyOf: anyOf(req("create", "", "pods/attach"), req("get", "", "pods/attach")),
	},
	{
		ID: "RBAC-ROLEBINDINGS-MODIFY", Title: "create or modify RoleBindings", Severity: Medium, Where: Anywhere,
		Why:   "A RoleBinding grants a role to any subject in its namespace (ClusterRoles such as admin included); the escalation check limits it to roles the holder may bind, so it spreads the holder's permissions to identities it controls, and with bind reaches every role.",
		AnyOf: anyOf(each([]string{"create", "update", "patch"}, Group, "rolebindings")...),
	},
	{
		ID: "RBAC-ROLES-MODIFY", Title: "create or modify Roles and ClusterRoles", Severity: Medium, Where: Anywhere,
		Why:   "Changing a role changes what every subject bound to it may do; the escalation check limits new rules to permissions the holder has, unless it holds escalate.",
		AnyOf: anyOf(append(each([]string{"create", "update", "patch"}, Group, "roles"), each([]string{"update", "patch"}, Group, "clusterroles")...)...),
	},
	{
		ID: "RBAC-PODS-PORTFORWARD", Title: "forward ports of pods (pods/portforward)", Severity: Low, Where: Anywhere,
		Why:   "Port forwarding reaches any port of a pod through the API server, around NetworkPolicies and Services: internal admin interfaces and databases become reachable.",
		AnyOf: anyOf(req("create", "", "pods/portforward"), req("get", "", "pods/portforward")),
	},
}
