# METADATA
# title: Every namespace has a NetworkPolicy
# description: |
#   Without a NetworkPolicy, every pod of a namespace accepts traffic from every pod of the
#   cluster and may reach any of them: one compromised workload can talk to all the others.
#   A namespace counts as covered when at least one networking.k8s.io NetworkPolicy lives
#   in it; whether that policy denies by default is not judged here. A policy of another
#   group (a Calico crd.projectcalico.org NetworkPolicy, a Cilium policy) does not count:
#   the benchmark asks for Kubernetes NetworkPolicies, and other kinds are judged by
#   their own checks.
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
#   kinds: [Namespace, NetworkPolicy]
#   remediation: |
#     Give every namespace at least one NetworkPolicy, starting with a default deny
#     (`podSelector: {}` with `policyTypes: [Ingress, Egress]`) and then policies that
#     allow only the traffic its workloads need. Apply them with the namespace
#     (for example from the same manifests or the namespace provisioning tool) so that
#     new namespaces are never left open.
package kubeassay.checks.inventory.namespace_network_policy

import data.kubeassay.lib.inventory as inv

skip := "no Namespace object in the input: the namespaces to judge are not known" if {
	count(inv.objects("Namespace")) == 0
}

# unscoped are the NetworkPolicies that do not say their namespace.
unscoped contains inv.ref(p) if {
	some p in inv.objects("NetworkPolicy")
	object.get(p, ["metadata", "namespace"], "") == ""
}

# uncovered are the Namespace objects with no NetworkPolicy in them.
uncovered contains ns if {
	some ns in inv.objects("Namespace")
	count(inv.in_namespace(ns.metadata.name, "NetworkPolicy")) == 0
}

unknown := sprintf("%d namespaces without a NetworkPolicy of their own (%s) could be covered by %d NetworkPolicies without metadata.namespace (%s)", [
	count(uncovered),
	concat(", ", sort([ns.metadata.name | some ns in uncovered])),
	count(unscoped),
	concat(", ", sort(unscoped)),
]) if {
	count(unscoped) > 0
	count(uncovered) > 0
}

deny contains inv.finding(msg, ns, "", null) if {
	count(unscoped) == 0
	some ns in uncovered
	msg := sprintf("namespace %q has no NetworkPolicy", [ns.metadata.name])
}
