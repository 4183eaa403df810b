package kubeassay.checks.inventory.anonymous_bindings_test

import data.kubeassay.checks.inventory.anonymous_bindings as check

test_binding_to_anonymous_fails if {
	check.deny == {{
		"msg": "ClusterRoleBinding/open grants ClusterRole view to the user system:anonymous (every request without a credential)",
		"path": "subjects",
		"value": "system:anonymous",
		"resource": {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "namespace": "", "name": "open"},
	}} with input as {"objects": {"ClusterRoleBinding": [{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "open"}, "roleRef": {"kind": "ClusterRole", "name": "view"}, "subjects": [{"kind": "User", "name": "system:anonymous"}]}], "RoleBinding": []}}
}

test_rolebinding_to_anonymous_fails if {
	count(check.deny) == 1 with input as {"objects": {"ClusterRoleBinding": [], "RoleBinding": [{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "status", "namespace": "web"}, "roleRef": {"kind": "Role", "name": "read-status"}, "subjects": [{"kind": "User", "name": "system:anonymous"}]}]}}
}

test_group_of_the_same_name_passes if {
	# A group called system:anonymous is not the anonymous user.
	count(check.deny) == 0 with input as {"objects": {"ClusterRoleBinding": [{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "g"}, "roleRef": {"kind": "ClusterRole", "name": "view"}, "subjects": [{"kind": "Group", "name": "system:anonymous"}]}], "RoleBinding": []}}
}
