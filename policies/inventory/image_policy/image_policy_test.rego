package kubeassay.checks.inventory.image_policy_test

import data.kubeassay.checks.inventory.image_policy as check

facts(plugins) := {
	"apiVersion": "kubeassay/v1", "kind": "NodeFacts", "metadata": {"name": "cp1"},
	"components": {"kube-apiserver": {"name": "kube-apiserver", "flags": {"enable-admission-plugins": [plugins]}, "flagSources": {"enable-admission-plugins": "cmdline"}}},
}

hook(name) := {
	"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration", "metadata": {"name": name},
	"webhooks": [{"name": name, "rules": [{"apiGroups": [""], "operations": ["CREATE"], "resources": ["pods"]}]}],
}

inp(nodes, hooks) := {"objects": {"Namespace": [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}}], "NodeFacts": nodes, "ValidatingWebhookConfiguration": hooks, "MutatingWebhookConfiguration": [], "ValidatingAdmissionPolicy": []}}

test_imagepolicywebhook_passes if {
	i := inp([facts("NodeRestriction,ImagePolicyWebhook")], [])
	count(check.deny) == 0 with input as i
	count(check.warn) == 0 with input as i
	not check.unknown with input as i
}

test_verifier_webhook_passes if {
	i := inp([], [hook("policy.sigstore.dev")])
	count(check.deny) == 0 with input as i
	not check.unknown with input as i
}

test_other_pod_webhook_warns if {
	i := inp([facts("NodeRestriction")], [hook("kyverno-resource-validating-webhook-cfg")])
	count(check.warn) == 1 with input as i
	count(check.deny) == 0 with input as i
}

test_nothing_fails_naming_the_node if {
	fs := check.deny with input as inp([facts("NodeRestriction")], [])
	some f in fs
	f.resource.name == "cp1"
}

test_without_node_facts_it_is_unknown if {
	i := inp([], [])
	count(check.deny) == 0 with input as i
	check.unknown with input as i
}

test_node_facts_alone_are_skipped if {
	i := {"objects": {"Namespace": [], "NodeFacts": [facts("NodeRestriction")], "ValidatingWebhookConfiguration": [], "MutatingWebhookConfiguration": [], "ValidatingAdmissionPolicy": []}}
	check.skip with input as i
	count(check.deny) == 0 with input as i
	not check.unknown with input as i
}

# A known verifier that does not see every pod is a WARN saying why, not a
# PASS, and not a failure either.
partial(field, value) := json.patch(hook("policy.sigstore.dev"), [{"op": "add", "path": sprintf("/webhooks/0/%s", [field]), "value": value}])

test_verifier_with_namespace_selector_warns if {
	i := inp([facts("NodeRestriction")], [partial("namespaceSelector", {"matchLabels": {"policy.sigstore.dev/include": "true"}})])
	count(check.deny) == 0 with input as i
	not check.unknown with input as i
	ws := check.warn with input as i
	[w] := [w | some w in ws]
	w.path == "webhooks[0].namespaceSelector"
	contains(w.msg, "namespaceSelector")
}

test_verifier_with_object_selector_warns if {
	sel := {"matchExpressions": [{"key": "verify", "operator": "Exists"}]}
	i := inp([], [partial("objectSelector", sel)])
	count(check.deny) == 0 with input as i
	not check.unknown with input as i
	{w.path | some w in check.warn} == {"webhooks[0].objectSelector"} with input as i
}

test_verifier_with_match_conditions_warns if {
	i := inp([], [partial("matchConditions", [{"name": "signed-only", "expression": "object.metadata.labels['verify'] == 'true'"}])])
	count(check.deny) == 0 with input as i
	{w.path | some w in check.warn} == {"webhooks[0].matchConditions"} with input as i
	count(check.warn) == 0 with input as inp([], [partial("matchConditions", [])])
}

test_verifier_failing_open_warns if {
	i := inp([facts("NodeRestriction")], [partial("failurePolicy", "Ignore")])
	count(check.deny) == 0 with input as i
	{w.path | some w in check.warn} == {"webhooks[0].failurePolicy"} with input as i
}

test_v1beta1_verifier_fails_open_by_default if {
	h := object.union(hook("connaisseur-webhook"), {"apiVersion": "admissionregistration.k8s.io/v1beta1"})
	i := inp([facts("NodeRestriction")], [h])
	count(check.deny) == 0 with input as i
	ws := check.warn with input as i
	[w] := [w | some w in ws]
	contains(w.msg, "v1beta1 default")
}

test_each_gap_is_a_warning if {
	h := json.patch(hook("portieris"), [
		{"op": "add", "path": "/webhooks/0/namespaceSelector", "value": {"matchLabels": {"a": "b"}}},
		{"op": "add", "path": "/webhooks/0/objectSelector", "value": {"matchLabels": {"c": "d"}}},
		{"op": "add", "path": "/webhooks/0/failurePolicy", "value": "Ignore"},
	])
	count(check.warn) == 3 with input as inp([], [h])
}

test_empty_selectors_and_fail_policy_pass if {
	h := json.patch(hook("policy.sigstore.dev"), [
		{"op": "add", "path": "/webhooks/0/namespaceSelector", "value": {}},
		{"op": "add", "path": "/webhooks/0/objectSelector", "value": {"matchLabels": {}, "matchExpressions": []}},
		{"op": "add", "path": "/webhooks/0/failurePolicy", "value": "Fail"},
	])
	i := inp([facts("NodeRestriction")], [h])
	count(check.deny) == 0 with input as i
	count(check.warn) == 0 with input as i
	not check.unknown with input as i
}

test_partial_verifier_is_no_warning_when_imagepolicywebhook_is_on if {
	i := inp([facts("NodeRestriction,ImagePolicyWebhook")], [partial("failurePolicy", "Ignore")])
	count(check.deny) == 0 with input as i
	count(check.warn) == 0 with input as i
}

test_partial_verifier_is_no_warning_when_another_verifier_covers_every_pod if {
	i := inp([facts("NodeRestriction")], [partial("failurePolicy", "Ignore"), hook("ratify-webhook")])
	count(check.deny) == 0 with input as i
	count(check.warn) == 0 with input as i
}

test_cluster_scoped_verifier_rule_does_not_see_pods if {
	h := json.patch(hook("policy.sigstore.dev"), [{"op": "add", "path": "/webhooks/0/rules/0/scope", "value": "Cluster"}])
	i := inp([facts("NodeRestriction")], [h])
	count(check.deny) == 1 with input as i
	count(check.warn) == 0 with input as i
	ns := json.patch(hook("policy.sigstore.dev"), [{"op": "add", "path": "/webhooks/0/rules/0/scope", "value": "Namespaced"}])
	count(check.deny) == 0 with input as inp([facts("NodeRestriction")], [ns])
}
