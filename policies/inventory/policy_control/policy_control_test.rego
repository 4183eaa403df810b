package kubeassay.checks.inventory.policy_control_test

import data.kubeassay.checks.inventory.policy_control as check

ns(name, labels) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels}}

webhook(resources) := {
	"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration", "metadata": {"name": "w"},
	"webhooks": [{"name": "w.example.com", "rules": [{"apiGroups": [""], "operations": ["CREATE"], "resources": resources}]}],
}

inp(nss, hooks, bindings) := inp_vap(nss, hooks, [], bindings)

inp_vap(nss, hooks, policies, bindings) := {"objects": {
	"Namespace": nss, "ValidatingWebhookConfiguration": hooks,
	"ValidatingAdmissionPolicy": policies, "ValidatingAdmissionPolicyBinding": bindings,
}}

policy(name, rules) := {
	"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicy", "metadata": {"name": name},
	"spec": {"matchConstraints": {"resourceRules": rules}, "validations": [{"expression": "true"}]},
}

pod_rule := {"apiGroups": [""], "apiVersions": ["v1"], "operations": ["CREATE", "UPDATE"], "resources": ["pods"]}

binding(name, policy_name, actions) := {
	"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicyBinding", "metadata": {"name": name},
	"spec": {"policyName": policy_name, "validationActions": actions},
}

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

test_denying_binding_of_pod_policy_passes if {
	i := inp_vap([ns("default", {})], [], [policy("no-privileged", [pod_rule])], [binding("b", "no-privileged", ["Deny"])])
	count(check.deny) == 0 with input as i
	not check.unknown with input as i
}

test_audit_binding_of_pod_policy_fails if {
	i := inp_vap([ns("default", {})], [], [policy("no-privileged", [pod_rule])], [binding("b", "no-privileged", ["Audit", "Warn"])])
	count(check.deny) == 1 with input as i
	not check.unknown with input as i
}

# The review's repro: a Deny binding of a policy about ConfigMaps is no pod
# policy.
test_denying_binding_of_other_policy_fails if {
	cm := policy("configmap-size", [{"apiGroups": [""], "operations": ["CREATE", "UPDATE"], "resources": ["configmaps"]}])
	i := inp_vap([ns("app", {})], [], [cm], [binding("configmap-size", "configmap-size", ["Deny"])])
	count(check.deny) == 1 with input as i
	not check.unknown with input as i
}

test_cluster_scoped_policy_rule_is_no_pod_policy if {
	p := policy("p", [object.union(pod_rule, {"scope": "Cluster"})])
	i := inp_vap([ns("default", {})], [], [p], [binding("b", "p", ["Deny"])])
	count(check.deny) == 1 with input as i
	ns_scoped := policy("p", [object.union(pod_rule, {"scope": "Namespaced"})])
	count(check.deny) == 0 with input as inp_vap([ns("default", {})], [], [ns_scoped], [binding("b", "p", ["Deny"])])
}

test_binding_resource_rules_narrow_the_policy if {
	p := policy("p", [{"apiGroups": ["*"], "operations": ["*"], "resources": ["*"]}])
	b := object.union(binding("b", "p", ["Deny"]), {"spec": {"matchResources": {"resourceRules": [{"apiGroups": ["apps"], "operations": ["CREATE"], "resources": ["deployments"]}]}}})
	count(check.deny) == 1 with input as inp_vap([ns("default", {})], [], [p], [b])
	pods := object.union(binding("b", "p", ["Deny"]), {"spec": {"matchResources": {"resourceRules": [pod_rule]}}})
	count(check.deny) == 0 with input as inp_vap([ns("default", {})], [], [p], [pods])
}

test_denying_binding_without_its_policy_is_unknown if {
	i := inp_vap([ns("app", {})], [], [], [binding("size-limit", "configmap-size", ["Deny"])])
	count(check.deny) == 0 with input as i
	contains(check.unknown, "ValidatingAdmissionPolicyBinding/size-limit") with input as i
	contains(check.unknown, "ValidatingAdmissionPolicy configmap-size") with input as i
}

test_missing_policy_does_not_matter_when_another_mechanism_passes if {
	i := inp_vap([ns("app", {"pod-security.kubernetes.io/enforce": "restricted"})], [], [], [binding("b", "gone", ["Deny"])])
	count(check.deny) == 0 with input as i
	not check.unknown with input as i
}

test_audit_binding_without_its_policy_is_not_unknown if {
	i := inp_vap([ns("app", {})], [], [], [binding("b", "gone", ["Audit"])])
	count(check.deny) == 1 with input as i
	not check.unknown with input as i
}

test_cluster_scoped_webhook_rule_is_no_pod_webhook if {
	hook := {
		"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration", "metadata": {"name": "w"},
		"webhooks": [{"name": "w.example.com", "rules": [{"apiGroups": ["*"], "operations": ["*"], "resources": ["*"], "scope": "Cluster"}]}],
	}
	count(check.deny) == 1 with input as inp([ns("default", {})], [hook], [])
	star := json.patch(hook, [{"op": "replace", "path": "/webhooks/0/rules/0/scope", "value": "*"}])
	count(check.deny) == 0 with input as inp([ns("default", {})], [star], [])
}

test_invalid_level_is_unknown_not_a_failure if {
	i := inp([ns("shop", {"pod-security.kubernetes.io/enforce": "Baseline"}), ns("default", {})], [], [])
	count(check.deny) == 0 with input as i
	check.unknown with input as i
}
