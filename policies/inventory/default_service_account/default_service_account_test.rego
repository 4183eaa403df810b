package kubeassay.checks.inventory.default_service_account_test

import data.kubeassay.checks.inventory.default_service_account as check

sa(ns, name, automount) := object.union(
	{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name, "namespace": ns}},
	{k: v | some k, v in {"automountServiceAccountToken": automount}; v != null},
)

rb(ns, name, subjects) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
	"metadata": {"name": name, "namespace": ns},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"},
	"subjects": subjects,
}

inv_input(sas, crbs, rbs) := {"objects": {"ServiceAccount": sas, "ClusterRoleBinding": crbs, "RoleBinding": rbs}, "by_namespace": {}, "namespaces": []}

test_default_with_automount_off_passes if {
	i := inv_input([sa("a", "default", false), sa("a", "app", null)], [], [rb("a", "app", [{"kind": "ServiceAccount", "name": "app", "namespace": "a"}])])
	count(check.deny) == 0 with input as i
	not check.skip with input as i
}

test_default_mounting_fails if {
	fs := check.deny with input as inv_input([sa("a", "default", null), sa("b", "default", true)], [], [])
	count(fs) == 2
	some f in fs
	f.resource == {"apiVersion": "v1", "kind": "ServiceAccount", "namespace": "b", "name": "default"}
	f.value == true
}

test_binding_to_default_fails if {
	fs := check.deny with input as inv_input([], [], [rb("a", "use-default", [{"kind": "ServiceAccount", "name": "default"}])])
	some f in fs
	f.msg == `RoleBinding/a/use-default grants ClusterRole "edit" to ServiceAccount "a/default"`
}

test_binding_to_default_as_a_user_fails if {
	subjects := [
		{"kind": "User", "name": "system:serviceaccount:app:default"},
		{"kind": "User", "name": "system:serviceaccount:app:builder"},
		{"kind": "User", "name": "alice"},
	]
	fs := check.deny with input as inv_input([], [], [rb("a", "as-user", subjects)])
	[f.msg | some f in fs] == [`RoleBinding/a/as-user grants ClusterRole "edit" to User "system:serviceaccount:app:default"`]
	count(check.deny) == 0 with input as inv_input([], [], [rb("a", "other", array.slice(subjects, 1, 3))])
}

test_binding_to_service_account_groups_fails if {
	crb := {
		"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "all-sa"},
		"roleRef": {"kind": "ClusterRole", "name": "view"},
		"subjects": [{"kind": "Group", "name": "system:serviceaccounts"}, {"kind": "Group", "name": "system:serviceaccounts:b"}],
	}
	fs := check.deny with input as inv_input([], [crb], [])
	some f in fs
	f.msg == `ClusterRoleBinding/all-sa grants ClusterRole "view" to Group "system:serviceaccounts", Group "system:serviceaccounts:b"`
}

test_builtin_bindings_are_allowed if {
	crb := {
		"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
		"metadata": {"name": "system:service-account-issuer-discovery", "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"}},
		"roleRef": {"kind": "ClusterRole", "name": "system:service-account-issuer-discovery"},
		"subjects": [{"kind": "Group", "name": "system:serviceaccounts"}],
	}
	count(check.deny) == 0 with input as inv_input([], [crb], [])
}

test_nothing_to_judge_skips if {
	check.skip with input as inv_input([sa("a", "app", null)], [], [])
}

test_clean_bindings_without_default_service_account_skip if {
	# The namespaces' default service accounts were not read: not a pass.
	check.skip with input as inv_input([], [], [rb("a", "app", [{"kind": "ServiceAccount", "name": "app"}])])
}

test_binding_fails_without_default_service_account if {
	i := inv_input([], [], [rb("a", "use-default", [{"kind": "ServiceAccount", "name": "default"}])])
	not check.skip with input as i
	count(check.deny) == 1 with input as i
}
