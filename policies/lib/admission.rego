# Admission webhooks and policies that see pod creation.
package kubeassay.lib.admission

import data.kubeassay.lib.inventory as inv

# covers_pods(rule) holds for a webhook rule (or a ValidatingAdmissionPolicy
# resource rule) that matches creating pods in the core group. Pods are
# namespaced, so a rule whose scope is "Cluster" never matches them: only
# scope "*", "Namespaced" or none (which means "*") does.
covers_pods(rule) if {
	namespaced_scope(rule)
	some g in object.get(rule, "apiGroups", [])
	g in {"", "*"}
	some r in object.get(rule, "resources", [])
	r in {"pods", "*", "*/*"}
	some op in object.get(rule, "operations", [])
	op in {"CREATE", "*"}
}

namespaced_scope(rule) if object.get(rule, "scope", null) in {null, "*", "Namespaced"}

# pod_webhooks is every webhook of a Validating- or MutatingWebhookConfiguration
# that sees pod creation: [configuration, index of the webhook, webhook];
# validating_pod_webhooks those of the validating ones only, for a check that
# lists only that kind.
pod_webhooks := validating_pod_webhooks | mutating_pod_webhooks

validating_pod_webhooks contains [cfg, i, w] if {
	some cfg in inv.objects("ValidatingWebhookConfiguration")
	some [i, w] in webhooks_on_pods(cfg)
}

mutating_pod_webhooks contains [cfg, i, w] if {
	some cfg in inv.objects("MutatingWebhookConfiguration")
	some [i, w] in webhooks_on_pods(cfg)
}

# webhooks_on_pods(cfg) is [index, webhook] for each webhook of a
# configuration that sees pod creation.
webhooks_on_pods(cfg) := {[i, w] |
	some i, w in object.get(cfg, "webhooks", [])
	some rule in object.get(w, "rules", [])
	covers_pods(rule)
}

# pod_policies is every ValidatingAdmissionPolicy that matches pod creation.
pod_policies contains p if {
	some p in inv.objects("ValidatingAdmissionPolicy")
	some rule in object.get(p, ["spec", "matchConstraints", "resourceRules"], [])
	covers_pods(rule)
}

# policy_names is the name of every ValidatingAdmissionPolicy in the input;
# pod_policy_names those of pod_policies.
policy_names := {object.get(p, ["metadata", "name"], "") | some p in inv.objects("ValidatingAdmissionPolicy")}

pod_policy_names := {object.get(p, ["metadata", "name"], "") | some p in pod_policies}

# denying_bindings is every ValidatingAdmissionPolicyBinding that denies
# (validationActions has Deny; Warn and Audit only report), whatever its
# policy matches.
denying_bindings contains b if {
	some b in inv.objects("ValidatingAdmissionPolicyBinding")
	"Deny" in object.get(b, ["spec", "validationActions"], [])
}

# binding_policy(b) is the name of the policy a binding binds ("" for none).
binding_policy(b) := object.get(b, ["spec", "policyName"], "")

# binding_sees_pods(b): a binding's own matchResources.resourceRules, when it
# has any, narrow its policy's matchConstraints; they must cover pod creation
# too.
binding_sees_pods(b) if count(binding_rules(b)) == 0

binding_sees_pods(b) if {
	some rule in binding_rules(b)
	covers_pods(rule)
}

binding_rules(b) := rules if {
	rules := object.get(b, ["spec", "matchResources", "resourceRules"], [])
	is_array(rules)
} else := []

# pod_denying_bindings is every denying binding whose policy is in the input
# and matches pod creation (and whose own resource rules do not leave pods out).
pod_denying_bindings contains b if {
	some b in denying_bindings
	binding_policy(b) in pod_policy_names
	binding_sees_pods(b)
}

# unresolved_bindings is why a denying binding cannot be judged: the policy it
# names is not in the input, so what it matches is not known. (A binding that
# names no policy binds nothing: the API server refuses it.)
unresolved_bindings contains sprintf("ValidatingAdmissionPolicyBinding/%s denies with ValidatingAdmissionPolicy %s, which is not in the input: whether it matches pod creation is not known", [object.get(b, ["metadata", "name"], ""), binding_policy(b)]) if {
	some b in denying_bindings
	binding_policy(b) != ""
	not binding_policy(b) in policy_names
}
