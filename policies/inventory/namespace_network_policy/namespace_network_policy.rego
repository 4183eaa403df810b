# METADATA
# title: Every namespace has a NetworkPolicy
# description: |
#   Without a NetworkPolicy, every pod of a namespace accepts traffic from every pod of the
#   cluster and may reach any of them: one compromised workload can talk to all the others.
#   A namespace counts as covered when a network policy that the cluster's network
#   plugin enforces selects its pods; whether that policy denies by default is not judged
#   here. The policies read, each with its own semantics:
#
#   * a networking.k8s.io NetworkPolicy in the namespace;
#   * a CiliumNetworkPolicy in the namespace whose endpointSelector selects pods of it (a
#     host policy, with nodeSelector or a reserved: identity, selects none, and namespace
#     terms naming another namespace select none here), and a CiliumClusterwideNetworkPolicy
#     whose endpointSelector selects every pod of the namespace (only
#     io.kubernetes.pod.namespace or io.cilium.k8s.namespace.labels.* terms);
#   * a Calico NetworkPolicy in the namespace, and a Calico GlobalNetworkPolicy whose
#     namespaceSelector (and projectcalico.org/namespace terms of its selector) match the
#     namespace and that selects every pod there, in projectcalico.org/v3 or
#     crd.projectcalico.org/v1; a doNotTrack or preDNAT policy applies to host endpoints
#     only, and a selector !all() to nothing;
#   * an AdminNetworkPolicy, and the BaselineAdminNetworkPolicy named default, whose
#     subject selects every pod of the namespace.
#
#   A cluster-wide policy that selects only some pods of a namespace leaves the others
#   open, so it does not cover the namespace; a namespaced policy does, as a
#   NetworkPolicy selecting some pods does.
#
#   GKE Dataplane V2 and AKS run Cilium, many EKS clusters Calico. A cluster-wide policy
#   whose namespace selection uses a Calico selector expression that is not a conjunction
#   of all(), has(), ==, != and in (so an || or parentheses too), or a label selector operator other than In, NotIn,
#   Exists and DoesNotExist, may or may not cover a namespace: a namespace that would
#   otherwise fail is then undecided. A kind whose API is not served (its CRD absent) has
#   nothing to list; a kind that could not be listed (forbidden) makes the control ERROR,
#   even for a namespace that looks uncovered, since an unread policy could cover any
#   namespace (custom.absence).
#
#   Every Namespace object is judged, kube-system, kube-public and kube-node-lease
#   included, because the benchmark says all namespaces; an operator who accepts a system
#   namespace without a policy documents that exception. Only namespaces that exist as
#   Namespace objects in the input are judged: with no Namespace object (a folder of
#   manifests that does not declare them) the check does not apply, and a cluster scan
#   limited with --namespace or --exclude-namespace lists only the Namespaces it scans. A NetworkPolicy
#   without metadata.namespace (a manifest applied to whatever namespace kubectl uses)
#   could cover any namespace: a namespace that would otherwise fail is then undecided,
#   never judged either way.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/services-networking/network-policies/
#     description: Kubernetes documentation, Network Policies
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.3.2)
# custom:
#   id: KA-INV-002
#   severity: medium
#   subject: inventory
#   absence: true
#   kinds: [Namespace, NetworkPolicy, CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy, NetworkPolicy.projectcalico.org, GlobalNetworkPolicy.projectcalico.org, NetworkPolicy.crd.projectcalico.org, GlobalNetworkPolicy.crd.projectcalico.org, AdminNetworkPolicy, BaselineAdminNetworkPolicy]
#   remediation: |
#     Give every namespace at least one NetworkPolicy (or a policy of the network
#     plugin, such as a CiliumNetworkPolicy or a Calico NetworkPolicy), starting with a default deny
#     (`podSelector: {}` with `policyTypes: [Ingress, Egress]`) and then policies that
#     allow only the traffic its workloads need. Apply them with the namespace
#     (for example from the same manifests or the namespace provisioning tool) so that
#     new namespaces are never left open.
package kubeassay.checks.inventory.namespace_network_policy

import data.kubeassay.lib.inventory as inv
import data.kubeassay.lib.networkpolicy as np

skip := "no Namespace object in the input: the namespaces to judge are not known" if {
	count(inv.objects("Namespace")) == 0
}

# uncovered are the Namespace objects whose pods no policy selects.
uncovered contains ns if {
	some ns in inv.objects("Namespace")
	count(np.covering(ns)) == 0
}

# doubts are why a namespace that looks uncovered may be covered.
doubts := array.concat(
	[sprintf("%d policies without metadata.namespace (%s)", [count(np.unscoped), concat(", ", sort(np.unscoped))]) | count(np.unscoped) > 0],
	sort(np.undecided_policies),
)

unknown := sprintf("%d namespaces without a network policy of their own (%s) could be covered by %s", [
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
	msg := sprintf("namespace %q has no NetworkPolicy, and no Cilium, Calico or admin network policy selects its pods", [ns.metadata.name])
}
