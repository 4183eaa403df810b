# METADATA
# title: Every namespace has a ResourceQuota
# description: |
#   A ResourceQuota caps what the workloads of one namespace may take together
#   (CPU, memory, object counts); without one, one namespace can exhaust the
#   cluster for every other. The NSA/CISA Kubernetes Hardening Guide asks for a
#   quota in each namespace.
#   A namespace passes when it holds at least one ResourceQuota whose spec.hard
#   sets a limit. A quota that caps neither CPU nor memory (only object counts,
#   say), or caps them only for the pods its scopes or scopeSelector select
#   (BestEffort, one PriorityClass), is a warning: the namespace is covered,
#   but not for what the guide is about. Whether the limits are well sized is
#   not judged.
#
#   Every Namespace object is judged, kube-system, kube-public and
#   kube-node-lease included, as for KA-INV-002: the guide says every namespace,
#   and an operator who leaves a system namespace without a quota records that
#   exception. A namespace with no objects at all is judged too. With no
#   Namespace object in the input the check does not apply; a ResourceQuota
#   without metadata.namespace could belong to any namespace, so a namespace
#   that would fail is then undecided. When ResourceQuotas could not be listed,
#   the control is ERROR (the verdict rules for a kind that was not read).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/policy/resource-quotas/
#     description: Kubernetes documentation, Resource Quotas
#   - ref: https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF
#     description: NSA/CISA Kubernetes Hardening Guide v1.2, Network separation and hardening (resource policies)
# custom:
#   id: KA-INV-013
#   severity: medium
#   subject: inventory
#   absence: true
#   kinds: [Namespace, ResourceQuota]
#   remediation: |
#     Create a ResourceQuota in every namespace, capping at least requests.cpu,
#     requests.memory, limits.cpu and limits.memory, sized for what its
#     workloads need; create it with the namespace (from the same manifests or
#     the provisioning tool) so new namespaces are never without one.
package kubeassay.checks.inventory.namespace_resource_quota

import data.kubeassay.lib.inventory as inv

skip := "no Namespace object in the input: the namespaces to judge are not known" if {
	count(inv.objects("Namespace")) == 0
}

hard(q) := h if {
	h := object.get(q, ["spec", "hard"], {})
	is_object(h)
} else := {}

compute := {"cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"}

unscoped contains inv.ref(q) if {
	some q in inv.objects("ResourceQuota")
	object.get(q, ["metadata", "namespace"], "") == ""
}

quotas(ns) := [q | some q in inv.in_namespace(ns.metadata.name, "ResourceQuota"); count(hard(q)) > 0]

uncovered contains ns if {
	some ns in inv.objects("Namespace")
	count(quotas(ns)) == 0
}

unknown := sprintf("%d namespaces without a ResourceQuota of their own (%s) could be covered by %d ResourceQuotas without metadata.namespace (%s)", [
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
	msg := sprintf("namespace %q has no ResourceQuota", [ns.metadata.name])
}

# caps_compute(q) holds for a quota that limits CPU or memory.
caps_compute(q) if count({k | some k, _ in hard(q)} & compute) > 0

# scoped(q) holds for a quota that counts only the pods its scopes select
# (BestEffort, a PriorityClass, ...): the others are not capped by it.
scoped(q) if count(object.get(q, ["spec", "scopes"], [])) > 0

scoped(q) if object.get(q, ["spec", "scopeSelector"], null) != null

# covering(q) holds for a quota that caps CPU or memory for every pod.
covering(q) if {
	caps_compute(q)
	not scoped(q)
}

warn contains inv.finding(msg, ns, "", null) if {
	some ns in inv.objects("Namespace")
	qs := quotas(ns)
	count(qs) > 0
	not any_covering(qs)
	msg := sprintf("namespace %q has ResourceQuotas (%s), but none caps CPU or memory%s", [ns.metadata.name, concat(", ", sort([q.metadata.name | some q in qs])), for_every_pod(qs)])
}

any_covering(qs) if {
	some q in qs
	covering(q)
}

# for_every_pod says why quotas that cap CPU or memory do not count: they
# are scoped to some pods.
for_every_pod(qs) := " for every pod (those that do have scopes)" if {
	some q in qs
	caps_compute(q)
} else := ""
