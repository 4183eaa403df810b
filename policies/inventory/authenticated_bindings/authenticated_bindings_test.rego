package kubeassay.checks.inventory.authenticated_bindings_test

import data.kubeassay.checks.inventory.authenticated_bindings as check

test_defaults_pass if {
	count(check.deny) == 0 with input as {"objects": {"ClusterRoleBinding": [{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "system:basic-user", "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"}}, "roleRef": {"kind": "ClusterRole", "name": "system:basic-user"}, "subjects": [{"kind": "Group", "name": "system:authenticated"}]}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "system:discovery", "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"}}, "roleRef": {"kind": "ClusterRole", "name": "system:discovery"}, "subjects": [{"kind": "Group", "name": "system:authenticated"}]}, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "system:public-info-viewer", "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"}}, "roleRef": {"kind": "ClusterRole", "name": "system:public-info-viewer"}, "subjects": [{"kind": "Group", "name": "system:authenticated"}]}], "RoleBinding": []}}
}

test_default_name_with_another_role_fails if {
	{f.msg | some f in check.deny} == {"ClusterRoleBinding/system:discovery grants ClusterRole cluster-admin to the group system:authenticated (every authenticated user and service account)"} with input as {"objects": {"ClusterRoleBinding": [{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "system:discovery", "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"}}, "roleRef": {"kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "Group", "name": "system:authenticated"}]}], "RoleBinding": []}}
}

test_unauthenticated_is_another_check if {
	count(check.deny) == 0 with input as {"objects": {"ClusterRoleBinding": [{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "x"}, "roleRef": {"kind": "ClusterRole", "name": "view"}, "subjects": [{"kind": "Group", "name": "system:unauthenticated"}]}], "RoleBinding": []}}
}
