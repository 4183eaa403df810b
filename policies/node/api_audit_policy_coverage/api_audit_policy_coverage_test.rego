package kubeassay.checks.node.api_audit_policy_coverage_test

import data.kubeassay.checks.node.api_audit_policy_coverage as check
import data.kubeassay.test.node as t

comp := "kube-apiserver"

file := "/etc/kubernetes/audit/policy.yaml"

node_with(rules) := t.on(comp, "kubeadm", object.union(
	t.process(comp, {"audit-policy-file": [file]}),
	{"auditPolicy": {"file": file, "rules": rules}},
))

credentials_metadata := {"level": "Metadata", "resources": [
	{"group": "", "resources": ["secrets", "configmaps"]},
	{"group": "authentication.k8s.io", "resources": ["tokenreviews"]},
]}

msgs(doc) := m if {
	m := {f.msg | some f in check.deny} with input as doc
}

test_pass_with_everything_at_metadata if {
	doc := node_with([{"level": "Metadata"}])
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}

test_pass_with_the_documented_layout if {
	doc := node_with([
		{"level": "None", "nonResourceURLs": ["/healthz*"]},
		{"level": "None", "users": ["system:kube-proxy"], "verbs": ["watch"], "resources": [{"group": "", "resources": ["endpoints", "services"]}]},
		# A None rule scoped to a named user is not judged.
		{"level": "None", "users": ["system:unsecured"], "namespaces": ["kube-system"], "verbs": ["get"], "resources": [{"group": "", "resources": ["configmaps"]}]},
		credentials_metadata,
		{"level": "RequestResponse", "resources": [{"group": "rbac.authorization.k8s.io"}]},
		{"level": "Request"},
	])
	count(check.deny) == 0 with input as doc
}

test_fail_when_secrets_logged_with_content if {
	check.deny == {{
		"msg": "audit policy /etc/kubernetes/audit/policy.yaml: rules[0] logs secrets at RequestResponse (e.g. create of secrets in a namespace no rule names by a service account), which copies their content into the audit log; want Metadata",
		"path": "components.kube-apiserver.auditPolicy.rules[0].level",
		"value": "RequestResponse",
	}} with input as node_with([
		{"level": "RequestResponse", "resources": [{"group": "", "resources": ["secrets"]}]},
		credentials_metadata,
		{"level": "Metadata"},
	])
}

test_fail_when_everything_logged_with_content if {
	# One finding per credential kind.
	count(check.deny) == 3 with input as node_with([{"level": "RequestResponse"}])
}

test_fail_when_a_named_group_logs_content if {
	# system:masters is not one of the judged requesters, and the rule still copies secrets into the log.
	msgs(node_with([
		{"level": "Request", "userGroups": ["system:masters"], "resources": [{"group": "", "resources": ["secrets"]}]},
		credentials_metadata,
		{"level": "Metadata"},
	])) == {"audit policy /etc/kubernetes/audit/policy.yaml: rules[0] logs secrets at Request (e.g. requests by the users, groups or objects it names), which copies their content into the audit log; want Metadata"}
}

test_a_shadowed_content_rule_is_not_reported if {
	count(check.deny) == 0 with input as node_with([
		credentials_metadata,
		{"level": "Metadata", "resources": [{"group": "", "resources": ["pods/exec", "pods/attach", "pods/portforward"]}]},
		{"level": "RequestResponse", "resources": [{"group": "", "resources": ["secrets"]}]},
	])
}

test_fail_when_none_comes_first if {
	msgs(node_with([
		{"level": "None", "resources": [{"group": "", "resources": ["configmaps"]}]},
		credentials_metadata,
		{"level": "Metadata"},
	])) == {"audit policy /etc/kubernetes/audit/policy.yaml: rules[0] logs configmaps at None (e.g. create of configmaps in a namespace no rule names by a service account), so they are not logged"}
}

test_fail_when_none_for_everyone_authenticated if {
	count(check.deny) > 0 with input as node_with([
		{"level": "None", "userGroups": ["system:authenticated"], "verbs": ["get"], "resources": [{"group": "", "resources": ["secrets"]}]},
		{"level": "Metadata"},
	])
}

test_fail_when_a_namespace_is_silenced if {
	msgs(node_with([
		{"level": "None", "namespaces": ["kube-system"], "resources": [{"group": ""}]},
		{"level": "Metadata"},
	])) == {
		"audit policy /etc/kubernetes/audit/policy.yaml: rules[0] logs secrets at None (e.g. create of secrets in namespace kube-system by a service account), so they are not logged",
		"audit policy /etc/kubernetes/audit/policy.yaml: rules[0] logs configmaps at None (e.g. create of configmaps in namespace kube-system by a service account), so they are not logged",
		"audit policy /etc/kubernetes/audit/policy.yaml: rules[0] logs pods/exec at None (e.g. create of pods/exec in namespace kube-system by a service account), so they are not logged",
		"audit policy /etc/kubernetes/audit/policy.yaml: rules[0] logs pods/attach at None (e.g. create of pods/attach in namespace kube-system by a service account), so they are not logged",
		"audit policy /etc/kubernetes/audit/policy.yaml: rules[0] logs pods/portforward at None (e.g. create of pods/portforward in namespace kube-system by a service account), so they are not logged",
	}
}

test_fail_when_nothing_matches if {
	msgs(node_with([credentials_metadata])) == {
		"audit policy /etc/kubernetes/audit/policy.yaml: no rule matches pods/exec (e.g. create of pods/exec in a namespace no rule names by a service account), so they are not logged",
		"audit policy /etc/kubernetes/audit/policy.yaml: no rule matches pods/attach (e.g. create of pods/attach in a namespace no rule names by a service account), so they are not logged",
		"audit policy /etc/kubernetes/audit/policy.yaml: no rule matches pods/portforward (e.g. create of pods/portforward in a namespace no rule names by a service account), so they are not logged",
	}
}

test_subresource_wildcards if {
	count(check.deny) == 0 with input as node_with([credentials_metadata, {"level": "Metadata", "resources": [{"group": "", "resources": ["pods/*"]}]}])
	count(check.deny) == 0 with input as node_with([credentials_metadata, {"level": "Request", "resources": [{"group": "", "resources": ["*/exec", "*/attach", "*/portforward"]}]}])

	# "pods" alone does not match pods/exec.
	count(check.deny) == 3 with input as node_with([credentials_metadata, {"level": "Metadata", "resources": [{"group": "", "resources": ["pods"]}]}])
}

test_verbs_and_groups_restrict_matches if {
	# Only get is logged at Metadata; create of secrets falls through to RequestResponse.
	count(check.deny) > 0 with input as node_with([
		{"level": "Metadata", "verbs": ["get"], "resources": [{"group": "", "resources": ["secrets", "configmaps"]}, {"group": "authentication.k8s.io", "resources": ["tokenreviews"]}]},
		{"level": "RequestResponse"},
	])

	# tokenreviews in the wrong group are not matched.
	msgs(node_with([
		{"level": "Metadata", "resources": [{"group": "", "resources": ["secrets", "configmaps", "tokenreviews"]}]},
		{"level": "Request"},
	])) == {"audit policy /etc/kubernetes/audit/policy.yaml: rules[1] logs tokenreviews at Request (e.g. create of tokenreviews by a service account), which copies their content into the audit log; want Metadata"}
}

test_resource_names_do_not_cover_every_object if {
	count(check.deny) > 0 with input as node_with([
		{"level": "Metadata", "resources": [{"group": "", "resources": ["secrets"], "resourceNames": ["one"]}]},
		{"level": "None"},
	])
}

test_every_stage_omitted_is_none if {
	count(check.deny) > 0 with input as node_with([{"level": "Metadata", "omitStages": ["RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"]}])
}

test_fail_when_flag_unset if {
	check.deny == {{"msg": "kube-apiserver --audit-policy-file is not set: no request is logged", "path": "components.kube-apiserver.flags.audit-policy-file", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_unknown_when_unreadable if {
	doc := t.on(comp, "kubeadm", object.union(t.process(comp, {"audit-policy-file": [file]}), {"auditPolicy": {"file": file, "error": "does not parse"}}))
	check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}

test_unknown_when_not_recorded if {
	doc := t.on(comp, "kubeadm", t.process(comp, {"audit-policy-file": [file]}))
	check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}

test_cluster_wide_lists_are_judged if {
	msgs(node_with([
		{"level": "None", "verbs": ["list"], "namespaces": [""], "resources": [{"group": "", "resources": ["secrets"]}]},
		{"level": "Metadata"},
	])) == {"audit policy /etc/kubernetes/audit/policy.yaml: rules[0] logs secrets at None (e.g. list of secrets across all namespaces by a service account), so they are not logged"}
}

test_none_for_named_objects_or_principals_warns if {
	doc := node_with([
		{"level": "None", "resources": [{"group": "", "resources": ["secrets"], "resourceNames": ["db-password"]}]},
		{"level": "None", "userGroups": ["system:nodes"], "resources": [{"group": "", "resources": ["secrets"]}]},
		{"level": "Metadata"},
	])
	count(check.deny) == 0 with input as doc
	{w.path | some w in check.warn} == {
		"components.kube-apiserver.auditPolicy.rules[0].level",
		"components.kube-apiserver.auditPolicy.rules[1].level",
	} with input as doc
	some w in check.warn with input as doc
	w.msg == "audit policy /etc/kubernetes/audit/policy.yaml: rules[0] does not log secrets for the users, groups or objects it names (e.g. create of secrets in a namespace no rule names by a member of group system:nodes named db-password): confirm the exception"
}

test_the_documented_exception_is_a_warning if {
	doc := node_with([
		{"level": "None", "users": ["system:unsecured"], "namespaces": ["kube-system"], "verbs": ["get"], "resources": [{"group": "", "resources": ["configmaps"]}]},
		credentials_metadata,
		{"level": "Request"},
	])
	count(check.deny) == 0 with input as doc
	[w.path | some w in check.warn] == ["components.kube-apiserver.auditPolicy.rules[0].level"] with input as doc
}
