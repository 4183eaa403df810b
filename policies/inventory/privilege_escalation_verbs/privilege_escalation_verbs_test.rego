package kubeassay.checks.inventory.privilege_escalation_verbs_test

import data.kubeassay.checks.inventory.privilege_escalation_verbs as check

test_each_verb_is_asked if {
	asked := {r[0].verb | some [_, reqs, _] in check.verbs; some r in reqs}
	asked == {"bind", "escalate"}
}

test_findings_name_the_verb if {
	binding := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "b"}}
	holders := [{"subject": {"kind": "Group", "name": "g", "namespace": ""}, "scope": "cluster", "system": false, "via": [{"binding": {"kind": "ClusterRoleBinding", "namespace": "", "name": "b"}, "role": {"kind": "ClusterRole", "namespace": "", "name": "r"}, "aggregatedFrom": ""}]}]
	fs := check.deny with input as {"objects": {"ClusterRoleBinding": [binding], "RoleBinding": []}} with kubeassay.rbac.holders as holders
	some f in fs
	f.msg == "Group g can bind roles cluster-wide through ClusterRoleBinding/b to ClusterRole r"
}
