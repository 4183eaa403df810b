package kubeassay.checks.inventory.unauthenticated_bindings_test

import data.kubeassay.checks.inventory.unauthenticated_bindings as check

test_default_binding_passes if {
	count(check.deny) == 0 with input as {"objects": {"ClusterRoleBinding": [{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "system:public-info-viewer", "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"}}, "roleRef": {"kind": "ClusterRole", "name": "system:public-info-viewer"}, "subjects": [{"kind": "Group", "name": "system:unauthenticated"}]}], "RoleBinding": []}}
}

test_default_name_without_its_label_fails if {
	count(check.deny) == 1 with input as {"objects": {"ClusterRoleBinding": [{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "system:public-info-viewer"}, "roleRef": {"kind": "ClusterRole", "name": "system:public-info-viewer"}, "subjects": [{"kind": "Group", "name": "system:unauthenticated"}]}], "RoleBinding": []}}
}

test_other_binding_fails if {
	{f.msg | some f in check.deny} == {"RoleBinding/web/anyone grants Role read to the group system:unauthenticated (every request without a valid credential)"} with input as {"objects": {"ClusterRoleBinding": [], "RoleBinding": [{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "anyone", "namespace": "web"}, "roleRef": {"kind": "Role", "name": "read"}, "subjects": [{"kind": "Group", "name": "system:unauthenticated"}]}]}}
}
