package kubeassay.checks.inventory.webhook_configuration_writes_test

import data.kubeassay.checks.inventory.webhook_configuration_writes as check

test_asks_for_the_permission if {
	every r in [[{"verb": "patch", "group": "admissionregistration.k8s.io", "resource": "mutatingwebhookconfigurations"}], [{"verb": "delete", "group": "admissionregistration.k8s.io", "resource": "mutatingwebhookconfigurations"}]] {
		r in check.requests
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
