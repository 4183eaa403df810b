package kubeassay.checks.inventory.namespace_limit_range_test

import data.kubeassay.checks.inventory.namespace_limit_range as check

namespace(name) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}

range(ns, name, limits) := {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": name, "namespace": ns}, "spec": {"limits": limits}}

defaults := [{"type": "Container", "default": {"cpu": "500m", "memory": "512Mi"}, "defaultRequest": {"cpu": "100m"}}]

inv_input(namespaces, ranges) := {
	"objects": {"Namespace": namespaces, "LimitRange": ranges},
	"by_namespace": {ns: {"LimitRange": [r | some r in ranges; object.get(r, ["metadata", "namespace"], "") == ns]} |
		some p in ranges
		ns := object.get(p, ["metadata", "namespace"], "")
		ns != ""
	},
	"namespaces": sort([n.metadata.name | some n in namespaces]),
}

test_every_namespace_with_defaults_passes if {
	i := inv_input([namespace("a"), namespace("kube-public")], [range("a", "d", defaults), range("kube-public", "d", [{"type": "Container", "default": {"memory": "64Mi"}}])])
	count(check.deny) == 0 with input as i
	count(check.warn) == 0 with input as i
	not check.unknown with input as i
	not check.skip with input as i
}

test_namespace_without_limit_range_fails if {
	fs := check.deny with input as inv_input([namespace("a"), namespace("b")], [range("a", "d", defaults), range("b", "empty", [])])
	fs == {{"msg": `namespace "b" has no LimitRange`, "path": "", "value": null, "resource": {"apiVersion": "v1", "kind": "Namespace", "namespace": "", "name": "b"}}}
}

test_limit_range_without_default_limits_warns if {
	i := inv_input([namespace("a")], [range("a", "pvc", [{"type": "PersistentVolumeClaim", "max": {"storage": "10Gi"}}]), range("a", "min", [{"type": "Container", "min": {"cpu": "10m"}, "defaultRequest": {"cpu": "50m"}}])])
	count(check.deny) == 0 with input as i
	[w.msg | some w in check.warn] == [`namespace "a" has LimitRanges (min, pvc), but none gives containers a default CPU or memory limit`] with input as i
}

test_no_namespace_skips if {
	check.skip with input as inv_input([], [range("a", "d", defaults)])
}

test_unscoped_limit_range_leaves_uncovered_namespace_undecided if {
	unscoped := {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "d"}, "spec": {"limits": defaults}}
	i := inv_input([namespace("a")], [unscoped])
	check.unknown == "1 namespaces without a LimitRange of their own (a) could be covered by 1 LimitRanges without metadata.namespace (LimitRange/d)" with input as i
	count(check.deny) == 0 with input as i
}
