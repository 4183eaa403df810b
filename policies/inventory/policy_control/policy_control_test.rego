package kubeassay.checks.inventory.policy_control_test

import data.kubeassay.checks.inventory.policy_control as check

ns(name, labels) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels}}

webhook(resources) := {
	"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration", "metadata": {"name": "w"},
	"webhooks": [{"name": "w.example.com", "rules": [{"apiGroups": [""], "operations": ["CREATE"], "resources": resources}]}],
}

inp(nss, hooks, bindings) := {"objects": {"Namespace": nss, "ValidatingWebhookConfiguration": hooks, "ValidatingAdmissionPolicyBinding": bindings}}

test_nothing_fails_for_every_namespace if {
	fs := check.deny with input as inp([ns("default", {}), ns("shop", {}), ns("kube-system", {})], [webhook(["services"])], [])
	{f.resource.name | some f in fs} == {"default", "shop"}
}

test_one_enforcing_namespace_passes if {
	count(check.deny) == 0 with input as inp([ns("default", {}), ns("shop", {"pod-security.kubernetes.io/enforce": "baseline"})], [], [])
}

test_privileged_label_is_no_policy if {
	count(check.deny) == 1 with input as inp([ns("shop", {"pod-security.kubernetes.io/enforce": "privileged"})], [], [])
}

test_pod_webhook_passes if {
	count(check.deny) == 0 with input as inp([ns("default", {})], [webhook(["pods"])], [])
}

test_denying_policy_binding_passes if {
	b := {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicyBinding", "metadata": {"name": "b"}, "spec": {"validationActions": ["Deny"]}}
	count(check.deny) == 0 with input as inp([ns("default", {})], [], [b])
	audit := object.union(b, {"spec": {"validationActions": ["Audit"]}})
	count(check.deny) == 1 with input as inp([ns("default", {})], [], [audit])
}

test_invalid_level_is_unknown_not_a_failure if {
	i := inp([ns("shop", {"pod-security.kubernetes.io/enforce": "Baseline"}), ns("default", {})], [], [])
	count(check.deny) == 0 with input as i
	check.unknown with input as i
}
