package checks

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// GroupKind names a kind of object by its API group ("" for the core group)
// and its kind name. Kinds are matched by both everywhere: a check judges an
// object only when the group of the object's apiVersion and its kind are
// those the check names. A NetworkPolicy of crd.projectcalico.org is not a
// NetworkPolicy of networking.k8s.io, and a custom resource named Deployment
// is not an apps Deployment.
type GroupKind struct {
	Group, Kind string
}

// KubeassayGroup is the API group of the documents kubeassay makes itself
// (their apiVersion is kubeassay/v1): no API server serves it.
const KubeassayGroup = "kubeassay"

// NodeFacts is the kind of the node facts documents (nodes.APIVersion and
// nodes.Kind).
var NodeFacts = GroupKind{KubeassayGroup, "NodeFacts"}

// ClusterVersion is the kind of the document a scan makes of a cluster's
// versions (the API server's, and the kubelets' its nodes report), from
// its cluster facts: one per live scan or snapshot, none for manifests.
var ClusterVersion = GroupKind{KubeassayGroup, "ClusterVersion"}

// knownKind is a well-known kind: the group it is served in today, the
// groups Kubernetes served the same kind in before (whose manifests are
// still around, and are judged as this kind), and its API resource.
type knownKind struct {
	GroupKind
	// legacy are older groups of the same kind: an extensions/v1beta1
	// Deployment is a Deployment.
	legacy []string
	// resource is the API resource (plural) that serves the kind; "" for
	// a kind no API server serves (NodeFacts).
	resource string
}

// knownKinds is the one table of well-known kinds. A check's METADATA may
// name these by their bare name (Pod, Deployment, NodeFacts); any other kind
// is named with its group, kubectl style (Widget.example.com), and so is a
// qualified one. Discovery
// falls back to the legacy groups on a server that does not serve the kind
// in its group, and the least-privilege role (cluster.ReaderRBAC) is derived from
// the resources. A kind name appears once: a bare name means one kind.
var knownKinds = []knownKind{
	{GroupKind{"", "Pod"}, nil, "pods"},
	{GroupKind{"", "ReplicationController"}, nil, "replicationcontrollers"},
	{GroupKind{"", "Secret"}, nil, "secrets"}, // listed as metadata only
	{GroupKind{"", "ConfigMap"}, nil, "configmaps"},
	{GroupKind{"", "Namespace"}, nil, "namespaces"},
	{GroupKind{"", "Node"}, nil, "nodes"},
	{GroupKind{"", "Service"}, nil, "services"},
	{GroupKind{"", "ServiceAccount"}, nil, "serviceaccounts"},
	{GroupKind{"", "ResourceQuota"}, nil, "resourcequotas"},
	{GroupKind{"", "LimitRange"}, nil, "limitranges"},
	{GroupKind{"", "PersistentVolume"}, nil, "persistentvolumes"},
	{GroupKind{"apps", "Deployment"}, []string{"extensions"}, "deployments"},
	{GroupKind{"apps", "ReplicaSet"}, []string{"extensions"}, "replicasets"},
	{GroupKind{"apps", "DaemonSet"}, []string{"extensions"}, "daemonsets"},
	{GroupKind{"apps", "StatefulSet"}, nil, "statefulsets"},
	{GroupKind{"batch", "Job"}, nil, "jobs"},
	{GroupKind{"batch", "CronJob"}, nil, "cronjobs"},
	{GroupKind{"rbac.authorization.k8s.io", "Role"}, nil, "roles"},
	{GroupKind{"rbac.authorization.k8s.io", "RoleBinding"}, nil, "rolebindings"},
	{GroupKind{"rbac.authorization.k8s.io", "ClusterRole"}, nil, "clusterroles"},
	{GroupKind{"rbac.authorization.k8s.io", "ClusterRoleBinding"}, nil, "clusterrolebindings"},
	{GroupKind{"networking.k8s.io", "NetworkPolicy"}, []string{"extensions"}, "networkpolicies"},
	{GroupKind{"networking.k8s.io", "Ingress"}, []string{"extensions"}, "ingresses"},
	{GroupKind{"admissionregistration.k8s.io", "ValidatingWebhookConfiguration"}, nil, "validatingwebhookconfigurations"},
	{GroupKind{"admissionregistration.k8s.io", "MutatingWebhookConfiguration"}, nil, "mutatingwebhookconfigurations"},
	{GroupKind{"admissionregistration.k8s.io", "ValidatingAdmissionPolicy"}, nil, "validatingadmissionpolicies"},
	{GroupKind{"admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"}, nil, "validatingadmissionpolicybindings"},
	// Network policies of Cilium and of the network-policy API
	// (KA-INV-002, KA-INV-015).
	{GroupKind{"cilium.io", "CiliumNetworkPolicy"}, nil, "ciliumnetworkpolicies"},
	{GroupKind{"cilium.io", "CiliumClusterwideNetworkPolicy"}, nil, "ciliumclusterwidenetworkpolicies"},
	{GroupKind{"policy.networking.k8s.io", "AdminNetworkPolicy"}, nil, "adminnetworkpolicies"},
	{GroupKind{"policy.networking.k8s.io", "BaselineAdminNetworkPolicy"}, nil, "baselineadminnetworkpolicies"},
	{NodeFacts, nil, ""},
	{ClusterVersion, nil, ""},
}

// qualifiedKinds are well-known kinds always named with their group
// (NetworkPolicy.crd.projectcalico.org): their name is another's, or is
// served in two groups at once.
var qualifiedKinds = []knownKind{
	// Network policies of the CNIs (KA-INV-002, KA-INV-015). Calico serves
	// its kinds as CRDs in crd.projectcalico.org and, with its API server,
	// in projectcalico.org too; its NetworkPolicy shares the name of
	// Kubernetes' own.
	{GroupKind{"projectcalico.org", "NetworkPolicy"}, nil, "networkpolicies"},
	{GroupKind{"projectcalico.org", "GlobalNetworkPolicy"}, nil, "globalnetworkpolicies"},
	{GroupKind{"crd.projectcalico.org", "NetworkPolicy"}, nil, "networkpolicies"},
	{GroupKind{"crd.projectcalico.org", "GlobalNetworkPolicy"}, nil, "globalnetworkpolicies"},
}

// clusterWideCustom are the cluster-scoped kinds above that are custom
// resources (the RBAC resolver knows the built-in ones): their objects have
// no namespace, and an inventory check does not file them as objects whose
// namespace a manifest left out.
var clusterWideCustom = map[GroupKind]bool{
	{"cilium.io", "CiliumClusterwideNetworkPolicy"}:            true,
	{"policy.networking.k8s.io", "AdminNetworkPolicy"}:         true,
	{"policy.networking.k8s.io", "BaselineAdminNetworkPolicy"}: true,
	{"projectcalico.org", "GlobalNetworkPolicy"}:               true,
	{"crd.projectcalico.org", "GlobalNetworkPolicy"}:           true,
}

// kindsByName indexes knownKinds by kind name; canonical maps every group a
// well-known kind is accepted in (its own and its legacy ones) to the kind.
var kindsByName, canonical = indexKinds(knownKinds, qualifiedKinds)

func indexKinds(kinds, qualified []knownKind) (map[string]*knownKind, map[GroupKind]*knownKind) {
	byName := map[string]*knownKind{}
	byGroupKind := map[GroupKind]*knownKind{}
	for i := range qualified {
		byGroupKind[qualified[i].GroupKind] = &qualified[i]
	}
	for i := range kinds {
		k := &kinds[i]
		byGroupKind[k.GroupKind] = k
		if _, dup := byName[k.Kind]; dup {
			panic("checks: kind " + k.Kind + " is twice in knownKinds")
		}
		byName[k.Kind] = k
		for _, g := range k.legacy {
			byGroupKind[GroupKind{g, k.Kind}] = k
		}
	}
	return byName, byGroupKind
}

// GroupOf returns the group of an apiVersion: "apps" for apps/v1, "" for v1.
func GroupOf(apiVersion string) string {
	if i := strings.IndexByte(apiVersion, '/'); i >= 0 {
		return apiVersion[:i]
	}
	return ""
}

// ObjectKind is the kind of an object with this apiVersion and kind: a
// legacy group of a well-known kind gives that kind (extensions/v1beta1
// Deployment is apps Deployment). It allocates nothing.
func ObjectKind(apiVersion, kind string) GroupKind {
	return canonicalKind(GroupKind{GroupOf(apiVersion), kind})
}

// canonicalKind is the well-known kind gk is a name of, or gk.
func canonicalKind(gk GroupKind) GroupKind {
	if k, ok := canonical[gk]; ok {
		return k.GroupKind
	}
	return gk
}

// String names the kind as check METADATA and the report do: the bare name
// for a well-known kind and for a core kind (Pod, Deployment, NodeFacts,
// Event), Kind.group otherwise (NetworkPolicy.crd.projectcalico.org,
// Widget.example.com; Deployment.core for a core-group object named like a
// well-known kind of another group). ParseKind reads it back.
func (gk GroupKind) String() string {
	if k, ok := canonical[gk]; ok && kindsByName[k.Kind] == k {
		return gk.Kind
	}
	if gk.Group == "" {
		if _, ok := kindsByName[gk.Kind]; !ok {
			return gk.Kind
		}
		return gk.Kind + ".core"
	}
	return gk.Kind + "." + gk.Group
}

// Compare orders kinds by their names.
func (gk GroupKind) Compare(o GroupKind) int {
	return strings.Compare(gk.String(), o.String())
}

var (
	kindName  = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)
	groupName = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
)

// ParseKind reads a kind as check METADATA names it: the bare name of a
// well-known kind (Pod, Deployment, NodeFacts), or Kind.group
// (NetworkPolicy.networking.k8s.io; Kind.core for the core group). A bare
// name that is not well-known is refused, so that a new kind names its
// group. A legacy group gives the kind it is the old name of.
func ParseKind(s string) (GroupKind, error) {
	kind, group, qualified := strings.Cut(s, ".")
	if !kindName.MatchString(kind) {
		return GroupKind{}, fmt.Errorf("%q: a kind is a name such as Deployment (capitalised, no resource names), or Kind.group", s)
	}
	if !qualified {
		k, ok := kindsByName[kind]
		if !ok {
			return GroupKind{}, fmt.Errorf("%q is not a well-known kind: name its API group, kubectl style (%s.example.com; core kinds: %s.core)", s, kind, kind)
		}
		return k.GroupKind, nil
	}
	if group == "core" {
		group = ""
	} else if !groupName.MatchString(group) {
		return GroupKind{}, fmt.Errorf("%q: %q is not an API group", s, group)
	}
	return canonicalKind(GroupKind{group, kind}), nil
}

// Groups lists the groups objects of gk are accepted in: its own, then its
// legacy ones.
func Groups(gk GroupKind) []string {
	k, ok := canonical[gk]
	if !ok {
		return []string{gk.Group}
	}
	return append([]string{k.Group}, k.legacy...)
}

// Resource returns the API resource that serves a well-known kind
// ("deployments" for Deployment); false for a kind this table does not
// know or that no API server serves.
func Resource(gk GroupKind) (string, bool) {
	k, ok := canonical[gk]
	if !ok || k.resource == "" {
		return "", false
	}
	return k.resource, true
}

// FromAPI reports whether objects of gk are read from an API server: every
// kind but those of kubeassay's own documents (NodeFacts).
func FromAPI(gk GroupKind) bool { return gk.Group != KubeassayGroup }

// KindNames returns the names of kinds, in their order.
func KindNames(gks []GroupKind) []string {
	out := make([]string, len(gks))
	for i, gk := range gks {
		out[i] = gk.String()
	}
	return out
}

// sortKinds sorts kinds by name.
func sortKinds(gks []GroupKind) {
	sort.Slice(gks, func(i, j int) bool { return gks[i].Compare(gks[j]) < 0 })
}
