package kubeassay.checks.inventory.secrets_read_cluster_test

import data.kubeassay.checks.inventory.secrets_read_cluster as check

test_asks_for_the_permission if {
	every r in [[{"verb": "get", "group": "", "resource": "secrets"}], [{"verb": "list", "group": "", "resource": "secrets"}], [{"verb": "watch", "group": "", "resource": "secrets"}]] {
		r in check.risk[0].any_of
	}
}

test_reports_each_holder_binding if {
	binding := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b", "namespace": "ns"}}
	holders := [{"subject": {"kind": "User", "name": "u", "namespace": ""}, "scope": "ns", "system": false, "via": [{"binding": {"kind": "RoleBinding", "namespace": "ns", "name": "b"}, "role": {"kind": "Role", "namespace": "ns", "name": "r"}, "aggregatedFrom": ""}]}]
	fs := check.deny with input as {"objects": {"RoleBinding": [binding], "ClusterRoleBinding": []}} with kubeassay.rbac.holders as holders
	count(fs) == 1
}

test_nothing_held_passes if {
	count(check.deny) == 0 with input as {"objects": {}} with kubeassay.rbac.holders as []
}
