# METADATA
# title: Every namespace has a LimitRange
# description: |
#   A LimitRange gives each container of a namespace default requests and
#   limits when it sets none, and bounds what one container or pod may ask for.
#   With it, a pod written without limits still gets them when it is created
#   (KA-POD-021 judges the pod templates as written); without it, such a pod
#   runs unbounded. The NSA/CISA Kubernetes Hardening Guide asks for a
#   LimitRange in each namespace.
#   A namespace passes when it holds at least one LimitRange with at least one
#   entry in spec.limits. A namespace whose LimitRanges give containers neither
#   a default CPU nor a default memory limit (only minimums, say, or only
#   PersistentVolumeClaim sizes) is a warning: pods without limits still run
#   unbounded there.
#
#   Every Namespace object is judged, system namespaces (kube-system,
#   kube-public, kube-node-lease) included, as for KA-INV-002 and KA-INV-013;
#   an operator records the exceptions. A namespace with no objects at all is
#   judged too. With no Namespace object in the input the check does not apply;
#   a LimitRange without metadata.namespace makes a namespace that would fail
#   undecided. When LimitRanges could not be listed, the control is ERROR.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/policy/limit-range/
#     description: Kubernetes documentation, Limit Ranges
#   - ref: https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF
#     description: NSA/CISA Kubernetes Hardening Guide v1.2, Network separation and hardening (resource policies)
# custom:
#   id: KA-INV-014
#   severity: medium
#   subject: inventory
#   absence: true
#   kinds: [Namespace, LimitRange]
#   remediation: |
#     Create a LimitRange in every namespace with an entry of type Container
#     that sets default and defaultRequest for cpu and memory (and max, to bound
#     what one container may ask for); create it with the namespace so new
#     namespaces are never without one.
package kubeassay.checks.inventory.namespace_limit_range

import data.kubeassay.lib.inventory as inv

skip := "no Namespace object in the input: the namespaces to judge are not known" if {
	count(inv.objects("Namespace")) == 0
}

items(lr) := l if {
	l := object.get(lr, ["spec", "limits"], [])
	is_array(l)
} else := []

unscoped contains inv.ref(lr) if {
	some lr in inv.objects("LimitRange")
	object.get(lr, ["metadata", "namespace"], "") == ""
}

ranges(ns) := [lr | some lr in inv.in_namespace(ns.metadata.name, "LimitRange"); count(items(lr)) > 0]

uncovered contains ns if {
	some ns in inv.objects("Namespace")
	count(ranges(ns)) == 0
}

unknown := sprintf("%d namespaces without a LimitRange of their own (%s) could be covered by %d LimitRanges without metadata.namespace (%s)", [
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
	msg := sprintf("namespace %q has no LimitRange", [ns.metadata.name])
}

# default_limit(lr) holds when lr gives containers a default CPU or memory
# limit.
default_limit(lr) if {
	some item in items(lr)
	object.get(item, "type", "") == "Container"
	some r in ["cpu", "memory"]
	object.get(item, ["default", r], null) != null
}

warn contains inv.finding(msg, ns, "", null) if {
	some ns in inv.objects("Namespace")
	lrs := ranges(ns)
	count(lrs) > 0
	every lr in lrs {
		not default_limit(lr)
	}
	msg := sprintf("namespace %q has LimitRanges (%s), but none gives containers a default CPU or memory limit", [ns.metadata.name, concat(", ", sort([lr.metadata.name | some lr in lrs]))])
}
