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
