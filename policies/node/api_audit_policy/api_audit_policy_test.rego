package kubeassay.checks.node.api_audit_policy_test

import data.kubeassay.checks.node.api_audit_policy as check
import data.kubeassay.test.node as t

comp := "kube-apiserver"

file := "/etc/kubernetes/audit/policy.yaml"

node_with(pol) := t.on(comp, "kubeadm", object.union(
	t.process(comp, {"audit-policy-file": [file]}),
	{"auditPolicy": object.union({"file": file}, pol)},
))

test_pass_with_a_logging_rule if {
	doc := node_with({"rules": [{"level": "None", "nonResourceURLs": ["/healthz*"]}, {"level": "Metadata"}]})
	not check.skip with input as doc
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}

test_fail_when_every_rule_is_none if {
	check.deny == {{
		"msg": "audit policy /etc/kubernetes/audit/policy.yaml has no rule that logs (1 rules, all level None or with every stage omitted): no audit event is written",
		"path": "components.kube-apiserver.auditPolicy.rules",
		"value": 1,
	}} with input as node_with({"rules": [{"level": "None"}]})
}

test_fail_without_rules if {
	count(check.deny) == 1 with input as node_with({})
	count(check.deny) == 1 with input as node_with({"rules": []})
}

test_fail_when_every_stage_is_omitted if {
	count(check.deny) == 1 with input as node_with({"omitStages": ["RequestReceived", "ResponseStarted"], "rules": [{"level": "Metadata", "omitStages": ["ResponseComplete", "Panic"]}]})
	count(check.deny) == 0 with input as node_with({"omitStages": ["RequestReceived", "ResponseStarted"], "rules": [{"level": "Metadata", "omitStages": ["Panic"]}]})
}

test_fail_when_flag_unset if {
	check.deny == {{"msg": "kube-apiserver --audit-policy-file is not set: the API server records no audit events", "path": "components.kube-apiserver.flags.audit-policy-file", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_unknown_when_unreadable if {
	doc := node_with({"error": "open: no such file or directory"})
	check.unknown == "the audit policy /etc/kubernetes/audit/policy.yaml named by kube-apiserver --audit-policy-file could not be read: open: no such file or directory" with input as doc
	count(check.deny) == 0 with input as doc
}

test_unknown_when_embedded_and_unset if {
	check.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --audit-policy-file" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}
