# METADATA
# title: Every namespace denies traffic by default
# description: |
#   Pods accept traffic from, and may send it to, every other pod and address
#   until a NetworkPolicy selects them. A default-deny policy in each namespace
#   turns that around: only what another policy allows gets through. The
#   NSA/CISA Kubernetes Hardening Guide asks for a default policy denying both
#   ingress and egress in every namespace; KA-INV-002 only asks for some
#   NetworkPolicy.
#
#   A networking.k8s.io NetworkPolicy denies a direction by default when it
#   selects every pod of its namespace (podSelector {}: no matchLabels and no
#   matchExpressions), lists that direction in its policyTypes, and every rule
#   it has for that direction is narrowed, by ports or by peers that are not
#   every pod and every address: a policy that allows only DNS still denies
#   the rest, as in the Kubernetes examples. Without policyTypes, a policy is of
#   type Ingress, and of type Egress too when it has egress rules, as
#   Kubernetes reads it. The two directions may come from one policy or two. A
#   namespace fails when either direction has no default deny: an ingress-only
#   default deny fails, naming Egress, because the guide asks for both.
#
#   Policies add up, so a default deny is undone when any policy of any kind
#   below allows all traffic of a direction for every pod of the namespace (for
#   a NetworkPolicy, a rule with no ports whose peers are missing, or cover
#   every pod and every address between them); the namespace then fails,
#   naming that policy.
#
#   The policies of the network plugin count too, each by what default deny
#   means for it (KA-INV-002 says which pods each kind selects); a cluster-wide
#   policy counts for a namespace only when it selects every pod there:
#
#   * Cilium: a rule whose endpointSelector selects every pod of the namespace
#     (a CiliumNetworkPolicy's {}, or a CiliumClusterwideNetworkPolicy's that
#     names only namespaces) and that has an ingress (or ingressDeny) section
#     puts those pods in default deny for ingress, and likewise for egress,
#     unless enableDefaultDeny turns it off; a rule that allows the entity all,
#     the cluster and the world together, or every peer on every port, undoes
#     it;
#   * Calico: a NetworkPolicy or GlobalNetworkPolicy that selects every pod of
#     the namespace (selector all(), or only projectcalico.org/namespace terms)
#     and has the direction in its types (Calico's defaults when unset) drops
#     what its rules do not allow, unless one of its rules allows or passes
#     every packet (no selector, a wide net such as 0.0.0.0/0, all(), or a
#     negation; a protocol alone does not narrow); as in Calico's own examples,
#     it may allow DNS;
#   * AdminNetworkPolicy, and the BaselineAdminNetworkPolicy named default, for
#     egress only (their ingress peers are pods alone, so no rule of theirs
#     denies every source): a rule with action Deny and no ports whose peers
#     are every pod (namespaces: {}) and every address (networks 0.0.0.0/0 and
#     ::/0), with no rule before it allowing or passing the same, over a
#     subject that is every pod of the namespace.
#
#   Every Namespace object is judged, system namespaces included, as for
#   KA-INV-002. With no Namespace object in the input the check does not apply;
#   a namespaced policy without metadata.namespace, or a cluster-wide one whose
#   namespace selector kubeassay cannot evaluate, makes a namespace that would
#   fail undecided. When a kind of policy could not be listed, the control is
#   ERROR, since an unread policy could be the default deny of any namespace
#   (custom.absence); a kind whose CRD is absent has nothing to list.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
#     description: Kubernetes documentation, default network policies
#   - ref: https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF
#     description: NSA/CISA Kubernetes Hardening Guide v1.2, Network separation and hardening (network policies)
# custom:
#   id: KA-INV-015
#   severity: medium
#   subject: inventory
#   absence: true
#   kinds: [Namespace, NetworkPolicy, CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy, NetworkPolicy.projectcalico.org, GlobalNetworkPolicy.projectcalico.org, NetworkPolicy.crd.projectcalico.org, GlobalNetworkPolicy.crd.projectcalico.org, AdminNetworkPolicy, BaselineAdminNetworkPolicy]
#   remediation: |
#     Add to every namespace a NetworkPolicy with `podSelector: {}`,
#     `policyTypes: [Ingress, Egress]` and no rules, then policies that allow
#     only the traffic each workload needs (DNS to the cluster's resolver
#     included, for egress). Remove policies that allow all traffic to every
#     pod.
package kubeassay.checks.inventory.namespace_default_deny

import data.kubeassay.lib.inventory as inv
import data.kubeassay.lib.networkpolicy as np

skip := "no Namespace object in the input: the namespaces to judge are not known" if {
	count(inv.objects("Namespace")) == 0
}

# missing(ns) is the directions ns has no default deny for.
missing(ns) := [d |
	some d in np.directions
	count(np.denying(ns, d)) == 0
]

uncovered contains ns if {
	some ns in inv.objects("Namespace")
	count(missing(ns)) > 0
}

# doubts are why a namespace that looks uncovered may be covered.
doubts := array.concat(
	[sprintf("%d policies without metadata.namespace (%s)", [count(np.unscoped), concat(", ", sort(np.unscoped))]) | count(np.unscoped) > 0],
	sort(np.undecided_policies),
)

unknown := sprintf("%d namespaces without a default deny of their own (%s) could be covered by %s", [
	count(uncovered),
	concat(", ", sort([ns.metadata.name | some ns in uncovered])),
	concat("; ", doubts),
]) if {
	count(doubts) > 0
	count(uncovered) > 0
}

deny contains inv.finding(msg, ns, "", null) if {
	count(doubts) == 0
	some ns in uncovered
	msg := sprintf("namespace %q has no default-deny network policy for %s", [ns.metadata.name, concat(" and ", missing(ns))])
}

# A policy that allows all traffic of a direction to every pod of a
# namespace undoes the default deny there, whatever its kind; it is
# reported once, naming the namespaces it opens.
opened[[ref, d]] contains ns.metadata.name if {
	some ns in inv.objects("Namespace")
	some d in np.directions
	some ref in np.opening(ns, d)
}

deny contains inv.finding(msg, p, "", null) if {
	some [ref, d], names in opened
	some p in policy_by_ref[ref]
	msg := sprintf("%s allows all %s traffic of every pod in %s, which undoes a default deny", [ref, lower(d), namespaces_phrase(names)])
}

policy_by_ref[inv.ref(p)] contains p if {
	some p in array.concat([q | some k in np.namespaced_kinds; some q in inv.objects(k)], np.cluster_wide)
}

namespaces_phrase(names) := sprintf("namespace %q", [n]) if {
	count(names) == 1
	some n in names
} else := sprintf("namespaces %s", [concat(", ", sort(names))])
