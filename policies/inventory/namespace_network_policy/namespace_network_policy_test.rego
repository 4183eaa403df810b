package kubeassay.checks.inventory.namespace_network_policy_test

import data.kubeassay.checks.inventory.namespace_network_policy as check

namespace(name) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}

policy(ns, name) := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": name, "namespace": ns}}

# inv_input builds the inventory input the engine gives the check.
inv_input(namespaces, policies) := {
	"objects": {"Namespace": namespaces, "NetworkPolicy": policies},
	"by_namespace": {ns: {"NetworkPolicy": [p | some p in policies; p.metadata.namespace == ns]} |
		some q in policies
		ns := object.get(q, ["metadata", "namespace"], "")
		ns != ""
	},
	"namespaces": sort([n.metadata.name | some n in namespaces]),
}

test_every_namespace_covered_passes if {
	i := inv_input([namespace("a"), namespace("b")], [policy("a", "deny"), policy("b", "deny")])
	count(check.deny) == 0 with input as i
	not check.skip with input as i
	not check.unknown with input as i
}

test_namespace_without_policy_fails_naming_it if {
	i := inv_input([namespace("a"), namespace("kube-system")], [policy("a", "deny")])
	fs := check.deny with input as i
	count(fs) == 1
	some f in fs
	f.msg == `namespace "kube-system" has no NetworkPolicy, and no Cilium, Calico or admin network policy selects its pods`
	f.resource == {"apiVersion": "v1", "kind": "Namespace", "namespace": "", "name": "kube-system"}
}

test_no_policy_at_all_fails_every_namespace if {
	count(check.deny) == 2 with input as inv_input([namespace("a"), namespace("b")], [])
}

test_policy_of_another_namespace_does_not_count if {
	count(check.deny) == 1 with input as inv_input([namespace("a")], [policy("b", "deny")])
}

test_no_namespace_skips if {
	check.skip with input as inv_input([], [policy("a", "deny")])
}

test_unscoped_policy_leaves_uncovered_namespace_undecided if {
	unscoped := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "deny"}}
	i := inv_input([namespace("a"), namespace("b")], [policy("a", "deny"), unscoped])
	check.unknown == "1 namespaces without a network policy of their own (b) could be covered by 1 policies without metadata.namespace (NetworkPolicy/deny)" with input as i
	count(check.deny) == 0 with input as i
}

test_unscoped_policy_changes_nothing_when_all_covered if {
	unscoped := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "deny"}}
	i := inv_input([namespace("a")], [policy("a", "deny"), unscoped])
	not check.unknown with input as i
	count(check.deny) == 0 with input as i
}
