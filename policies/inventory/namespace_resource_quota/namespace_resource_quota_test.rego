package kubeassay.checks.inventory.namespace_resource_quota_test

import data.kubeassay.checks.inventory.namespace_resource_quota as check

namespace(name) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}

quota(ns, name, hard) := {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": name, "namespace": ns}, "spec": {"hard": hard}}

compute := {"requests.cpu": "4", "limits.memory": "8Gi"}

inv_input(namespaces, quotas) := {
	"objects": {"Namespace": namespaces, "ResourceQuota": quotas},
	"by_namespace": {ns: {"ResourceQuota": [q | some q in quotas; object.get(q, ["metadata", "namespace"], "") == ns]} |
		some p in quotas
		ns := object.get(p, ["metadata", "namespace"], "")
		ns != ""
	},
	"namespaces": sort([n.metadata.name | some n in namespaces]),
}

test_every_namespace_with_a_quota_passes if {
	i := inv_input([namespace("a"), namespace("kube-system")], [quota("a", "q", compute), quota("kube-system", "q", {"cpu": "10"})])
	count(check.deny) == 0 with input as i
	count(check.warn) == 0 with input as i
	not check.unknown with input as i
	not check.skip with input as i
}

test_namespace_without_quota_fails_naming_it if {
	fs := check.deny with input as inv_input([namespace("a"), namespace("empty")], [quota("a", "q", compute), quota("b", "q", compute)])
	fs == {{"msg": `namespace "empty" has no ResourceQuota`, "path": "", "value": null, "resource": {"apiVersion": "v1", "kind": "Namespace", "namespace": "", "name": "empty"}}}
}

test_quota_without_hard_limits_does_not_count if {
	count(check.deny) == 1 with input as inv_input([namespace("a")], [quota("a", "q", {}), {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "r", "namespace": "a"}}])
}

test_quota_of_counts_only_warns if {
	i := inv_input([namespace("a")], [quota("a", "objects", {"count/configmaps": "50"}), quota("a", "pods", {"pods": "10"})])
	count(check.deny) == 0 with input as i
	[w.msg | some w in check.warn] == [`namespace "a" has ResourceQuotas (objects, pods), but none caps CPU or memory`] with input as i
}

test_one_compute_quota_is_enough if {
	count(check.warn) == 0 with input as inv_input([namespace("a")], [quota("a", "objects", {"pods": "10"}), quota("a", "mem", {"memory": "1Gi"})])
}

test_quota_scoped_to_some_pods_warns if {
	best_effort := json.patch(quota("a", "be", compute), [{"op": "add", "path": "/spec/scopes", "value": ["BestEffort"]}])
	by_priority := json.patch(quota("a", "high", compute), [{"op": "add", "path": "/spec/scopeSelector", "value": {"matchExpressions": [{"scopeName": "PriorityClass", "operator": "In", "values": ["high"]}]}}])
	i := inv_input([namespace("a")], [best_effort, by_priority])
	count(check.deny) == 0 with input as i
	[w.msg | some w in check.warn] == [`namespace "a" has ResourceQuotas (be, high), but none caps CPU or memory for every pod (those that do have scopes)`] with input as i
	count(check.warn) == 0 with input as inv_input([namespace("a")], [best_effort, quota("a", "all", compute)])
}

test_no_namespace_skips if {
	check.skip with input as inv_input([], [quota("a", "q", compute)])
}

test_unscoped_quota_leaves_uncovered_namespace_undecided if {
	unscoped := {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q"}, "spec": {"hard": compute}}
	i := inv_input([namespace("a"), namespace("b")], [quota("a", "q", compute), unscoped])
	check.unknown == "1 namespaces without a ResourceQuota of their own (b) could be covered by 1 ResourceQuotas without metadata.namespace (ResourceQuota/q)" with input as i
	count(check.deny) == 0 with input as i
}
