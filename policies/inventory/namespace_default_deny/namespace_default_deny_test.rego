package kubeassay.checks.inventory.namespace_default_deny_test

import data.kubeassay.checks.inventory.namespace_default_deny as check

namespace(name) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}

policy(ns, name, spec) := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": name, "namespace": ns}, "spec": spec}

deny_both(ns) := policy(ns, "default-deny", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]})

inv_input(namespaces, policies) := {
	"objects": {"Namespace": namespaces, "NetworkPolicy": policies},
	"by_namespace": {ns: {"NetworkPolicy": [p | some p in policies; object.get(p, ["metadata", "namespace"], "") == ns]} |
		some q in policies
		ns := object.get(q, ["metadata", "namespace"], "")
		ns != ""
	},
	"namespaces": sort([n.metadata.name | some n in namespaces]),
}

msgs(i) := m if {
	fs := check.deny with input as i
	m := {f.msg | some f in fs}
}

test_default_deny_of_both_directions_passes if {
	i := inv_input([namespace("a"), namespace("b")], [
		deny_both("a"),
		policy("b", "deny-in", {"podSelector": {}}),
		policy("b", "deny-out", {"podSelector": {"matchLabels": {}}, "policyTypes": ["Egress"]}),
		policy("b", "allow-web", {"podSelector": {"matchLabels": {"app": "web"}}, "ingress": [{}]}),
	])
	count(check.deny) == 0 with input as i
	not check.unknown with input as i
	not check.skip with input as i
}

test_ingress_only_default_deny_fails_naming_egress if {
	msgs(inv_input([namespace("a")], [policy("a", "deny-in", {"podSelector": {}, "policyTypes": ["Ingress"]})])) == {`namespace "a" has no default-deny network policy for Egress`}
}

test_no_policy_fails_naming_both if {
	fs := check.deny with input as inv_input([namespace("a")], [])
	fs == {{"msg": `namespace "a" has no default-deny network policy for Ingress and Egress`, "path": "", "value": null, "resource": {"apiVersion": "v1", "kind": "Namespace", "namespace": "", "name": "a"}}}
}

test_policies_that_are_not_default_deny if {
	# Selects some pods only; has a rule; egress rules make an unset policyTypes Ingress+Egress.
	i := inv_input([namespace("a")], [
		policy("a", "some-pods", {"podSelector": {"matchLabels": {"app": "db"}}, "policyTypes": ["Ingress", "Egress"]}),
		policy("a", "exprs", {"podSelector": {"matchExpressions": [{"key": "app", "operator": "Exists"}]}, "policyTypes": ["Ingress", "Egress"]}),
		policy("a", "with-rule", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"], "egress": [{"to": [{"namespaceSelector": {}}]}]}),
	])
	msgs(i) == {`namespace "a" has no default-deny network policy for Egress`}
}

test_unset_policy_types_with_egress_rules if {
	# No policyTypes and egress rules: Ingress (no rules, so denied) and
	# Egress (a rule open to every peer and port: not denied).
	msgs(inv_input([namespace("a")], [policy("a", "p", {"podSelector": {}, "egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}]}]})])) == {`namespace "a" has no default-deny network policy for Egress`}
}

# A default deny that allows the cluster's DNS is still one, as in Calico's
# and Cilium's examples (review 16, finding 13).
test_default_deny_allowing_dns_passes if {
	dns := {"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}}, "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}], "ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]}
	i := inv_input([namespace("a")], [policy("a", "p", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"], "egress": [dns]})])
	count(check.deny) == 0 with input as i
	# Limited by port only, to every peer: still narrowed.
	j := inv_input([namespace("a")], [policy("a", "p", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"], "egress": [{"ports": [{"port": 53, "protocol": "UDP"}]}]})])
	count(check.deny) == 0 with input as j
}

# Every pod and every address, in one rule or several, is all traffic.
test_allow_every_peer_undoes_default_deny if {
	open := {"from": [{"namespaceSelector": {}}, {"ipBlock": {"cidr": "0.0.0.0/0"}}, {"ipBlock": {"cidr": "::/0"}}]}
	i := inv_input([namespace("a")], [deny_both("a"), policy("a", "everyone", {"podSelector": {}, "ingress": [open]})])
	msgs(i) == {`NetworkPolicy/a/everyone allows all ingress traffic of every pod in namespace "a", which undoes a default deny`}
	split_rules := [{"from": [{"namespaceSelector": {}, "podSelector": {}}]}, {"from": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["10.0.0.0/8"]}}]}]
	j := inv_input([namespace("a")], [deny_both("a"), policy("a", "everyone", {"podSelector": {}, "ingress": split_rules})])
	msgs(j) == {`NetworkPolicy/a/everyone allows all ingress traffic of every pod in namespace "a", which undoes a default deny`}
}

test_allow_all_undoes_default_deny if {
	fs := check.deny with input as inv_input([namespace("a")], [deny_both("a"), policy("a", "allow-all", {"podSelector": {}, "ingress": [{}]})])
	fs == {{
		"msg": `NetworkPolicy/a/allow-all allows all ingress traffic of every pod in namespace "a", which undoes a default deny`,
		"path": "",
		"value": null,
		"resource": {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "namespace": "a", "name": "allow-all"},
	}}
}

test_rules_of_the_wrong_type_are_no_default_deny if {
	i := inv_input([namespace("a")], [policy("a", "odd", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"], "ingress": {}, "egress": "none"})])
	msgs(i) == {`namespace "a" has no default-deny network policy for Ingress and Egress`}
}

test_a_null_rule_allows_all if {
	fs := check.deny with input as inv_input([namespace("a")], [deny_both("a"), policy("a", "open", {"podSelector": {}, "policyTypes": ["Egress"], "egress": [null]})])
	[f.msg | some f in fs] == [`NetworkPolicy/a/open allows all egress traffic of every pod in namespace "a", which undoes a default deny`]
}

test_allow_to_some_peers_is_no_allow_all if {
	i := inv_input([namespace("a")], [deny_both("a"), policy("a", "dns", {"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}}}], "ports": [{"port": 53, "protocol": "UDP"}]}]})])
	count(check.deny) == 0 with input as i
}

test_no_namespace_skips if {
	check.skip with input as inv_input([], [deny_both("a")])
}

test_unscoped_policy_leaves_uncovered_namespace_undecided if {
	unscoped := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "default-deny"}, "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}}
	i := inv_input([namespace("a"), namespace("b")], [deny_both("a"), unscoped])
	check.unknown == "1 namespaces without a default deny of their own (b) could be covered by 1 policies without metadata.namespace (NetworkPolicy/default-deny)" with input as i
	count(check.deny) == 0 with input as i
}
