# Admission webhooks and policies that see pod creation.
package kubeassay.lib.admission

import data.kubeassay.lib.inventory as inv

# covers_pods(rule) holds for a webhook rule (or a ValidatingAdmissionPolicy
# resource rule) that matches creating pods in the core group.
covers_pods(rule) if {
	some g in object.get(rule, "apiGroups", [])
	g in {"", "*"}
	some r in object.get(rule, "resources", [])
	r in {"pods", "*", "*/*"}
	some op in object.get(rule, "operations", [])
	op in {"CREATE", "*"}
}

# pod_webhooks is every webhook of a Validating- or MutatingWebhookConfiguration
# that sees pod creation: [configuration, index of the webhook, webhook].
pod_webhooks contains [cfg, i, w] if {
	some kind in ["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"]
	some cfg in inv.objects(kind)
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

# denying_bindings is every ValidatingAdmissionPolicyBinding that denies
# (validationActions has Deny; Warn and Audit only report).
denying_bindings contains b if {
	some b in inv.objects("ValidatingAdmissionPolicyBinding")
	"Deny" in object.get(b, ["spec", "validationActions"], [])
}
