package kubeassay.checks.inventory.role_wildcards_test

import data.kubeassay.checks.inventory.role_wildcards as check

role(kind, name, rules, labels) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": {"name": name, "namespace": "a", "labels": labels}, "rules": rules}

inp(roles) := {"objects": {"Role": [r | some r in roles; r.kind == "Role"], "ClusterRole": [r | some r in roles; r.kind == "ClusterRole"]}}

test_each_wildcard_field_is_reported if {
	fs := check.deny with input as inp([role("Role", "r", [{"apiGroups": ["*"], "resources": ["pods"], "verbs": ["*"]}, {"nonResourceURLs": ["*"], "verbs": ["get"]}], {})])
	{f.path | some f in fs} == {"rules[0].apiGroups", "rules[0].verbs", "rules[1].nonResourceURLs"}
}

test_builtin_roles_are_left_aside if {
	i := inp([role("ClusterRole", "cluster-admin", [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}], {"kubernetes.io/bootstrapping": "rbac-defaults"})])
	count(check.deny) == 0 with input as i
	check.skip with input as i
}

test_the_label_alone_does_not_make_a_role_builtin if {
	everything := [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]
	i := inp([role("ClusterRole", "ops-superuser", everything, {"kubernetes.io/bootstrapping": "rbac-defaults"})])
	count(check.deny) == 3 with input as i
	not check.skip with input as i
	count(check.deny) == 0 with input as inp([role("ClusterRole", "system:controller:namespace-controller", everything, {"kubernetes.io/bootstrapping": "rbac-defaults"})])
	# A system: name is no more reserved than the label.
	count(check.deny) == 3 with input as inp([role("ClusterRole", "system:my-operator", everything, {"kubernetes.io/bootstrapping": "rbac-defaults"})])
	count(check.deny) == 3 with input as inp([role("Role", "cluster-admin", everything, {"kubernetes.io/bootstrapping": "rbac-defaults"})])
}

test_explicit_rules_pass if {
	i := inp([role("Role", "r", [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}], {})])
	count(check.deny) == 0 with input as i
	not check.skip with input as i
}
