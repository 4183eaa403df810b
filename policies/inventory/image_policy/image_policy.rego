# METADATA
# title: Images are verified at admission
# description: |
#   Image provenance is enforced at admission by the ImagePolicyWebhook
#   admission plugin of kube-apiserver, or by an admission webhook that
#   verifies images (Sigstore policy-controller, Connaisseur, Portieris,
#   Ratify, recognised by the name of the webhook or its configuration). The
#   check passes when every kube-apiserver in the node facts enables
#   ImagePolicyWebhook, or when one of those webhooks sees the creation of
#   every pod: its rules match pod creation, its namespaceSelector and
#   objectSelector are absent or empty, it has no matchConditions, and its
#   failurePolicy is not Ignore
#   (Ignore is the default in admissionregistration.k8s.io/v1beta1). Such a
#   webhook that selects some namespaces or pods only, or that admits pods
#   unverified when it cannot be called (failurePolicy Ignore), is a WARN
#   saying which. Other validating or mutating webhooks and
#   ValidatingAdmissionPolicies that see pod creation may verify images too (a
#   Kyverno verifyImages or a Gatekeeper policy, a CEL rule on registries):
#   each is a WARN to be confirmed. A rule matches pods only when its scope is
#   "*", "Namespaced" or unset. With none of these it fails, naming the
#   kube-apiserver node facts that show ImagePolicyWebhook off; without node
#   facts from a control-plane node the API server's plugins are not known,
#   and the result is undecided (ERROR) rather than a guess. Without Namespace
#   objects in the input (node facts alone), the cluster's webhooks were not
#   read: SKIP.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#imagepolicywebhook
#     description: Kubernetes documentation, ImagePolicyWebhook
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.5.1)
# custom:
#   id: KA-INV-026
#   severity: medium
#   subject: inventory
#   kinds: [MutatingWebhookConfiguration, Namespace, NodeFacts, ValidatingAdmissionPolicy, ValidatingWebhookConfiguration]
#   remediation: |
#     Deploy an image verification admission controller (for example Sigstore's
#     policy-controller) in enforce mode, allowing only signed images from
#     approved registries; or enable ImagePolicyWebhook with a backend in
#     kube-apiserver's --enable-admission-plugins and --admission-control-config-file.
package kubeassay.checks.inventory.image_policy

import data.kubeassay.lib.admission
import data.kubeassay.lib.inventory as inv
import data.kubeassay.lib.node

# Without the cluster's objects (a scan of node facts alone), the webhooks
# and policies were not read: nothing to decide from.
skip := "the cluster's objects were not read (no Namespace in the input): its admission webhooks and policies are not known" if {
	count(inv.objects("Namespace")) == 0
}

verifier_names := ["sigstore", "connaisseur", "portieris", "ratify"]

verifier(cfg, w) if {
	some n in verifier_names
	contains(lower(sprintf("%s %s", [cfg.metadata.name, object.get(w, "name", "")])), n)
}

# covers_every_pod(cfg, w) holds for a webhook that is called for every pod
# it matches by its rules, and whose failure refuses the pod: no
# namespaceSelector or objectSelector that selects less than everything, no
# matchConditions (CEL expressions that can leave pods out), and a
# failurePolicy other than Ignore.
covers_every_pod(cfg, w) if {
	selector_empty(object.get(w, "namespaceSelector", null))
	selector_empty(object.get(w, "objectSelector", null))
	size_of(object.get(w, "matchConditions", null)) == 0
	failure_policy(cfg, w) != "Ignore"
}

# selector_empty(sel) holds for a label selector that selects everything
# (absent, {}, or no matchLabels and no matchExpressions).
selector_empty(null)

selector_empty(sel) if {
	is_object(sel)
	size_of(object.get(sel, "matchLabels", null)) == 0
	size_of(object.get(sel, "matchExpressions", null)) == 0
}

size_of(x) := count(x) if is_object(x)

else := count(x) if is_array(x)

else := 0

# failure_policy(cfg, w) is a webhook's failurePolicy, or its default: Fail in
# admissionregistration.k8s.io/v1, Ignore in v1beta1.
failure_policy(cfg, w) := w.failurePolicy if {
	object.get(w, "failurePolicy", null) != null
} else := "Ignore" if {
	object.get(cfg, "apiVersion", "") == "admissionregistration.k8s.io/v1beta1"
} else := "Fail"

verifying_webhooks := [cfg | some [cfg, _, w] in admission.pod_webhooks; verifier(cfg, w); covers_every_pod(cfg, w)]

# partial_verifiers is a finding for each reason a known image-verification
# webhook that sees pod creation leaves some pods unverified.
partial_verifiers contains inv.finding(msg, cfg, sprintf("webhooks[%d].namespaceSelector", [i]), w.namespaceSelector) if {
	some [cfg, i, w] in admission.pod_webhooks
	verifier(cfg, w)
	not selector_empty(object.get(w, "namespaceSelector", null))
	msg := sprintf("%s webhook %s verifies images only in the namespaces its namespaceSelector selects: pods in other namespaces are admitted unverified", [inv.ref(cfg), object.get(w, "name", "")])
}

partial_verifiers contains inv.finding(msg, cfg, sprintf("webhooks[%d].objectSelector", [i]), w.objectSelector) if {
	some [cfg, i, w] in admission.pod_webhooks
	verifier(cfg, w)
	not selector_empty(object.get(w, "objectSelector", null))
	msg := sprintf("%s webhook %s verifies images only of the pods its objectSelector selects: other pods are admitted unverified", [inv.ref(cfg), object.get(w, "name", "")])
}

partial_verifiers contains inv.finding(msg, cfg, sprintf("webhooks[%d].matchConditions", [i]), w.matchConditions) if {
	some [cfg, i, w] in admission.pod_webhooks
	verifier(cfg, w)
	size_of(object.get(w, "matchConditions", null)) > 0
	msg := sprintf("%s webhook %s is called only for the pods its matchConditions accept: the others are admitted unverified", [inv.ref(cfg), object.get(w, "name", "")])
}

partial_verifiers contains inv.finding(msg, cfg, sprintf("webhooks[%d].failurePolicy", [i]), object.get(w, "failurePolicy", null)) if {
	some [cfg, i, w] in admission.pod_webhooks
	verifier(cfg, w)
	failure_policy(cfg, w) == "Ignore"
	msg := sprintf("%s webhook %s has failurePolicy Ignore%s: when it cannot be called, pods are admitted unverified", [inv.ref(cfg), object.get(w, "name", ""), ignore_source(w)])
}

ignore_source(w) := "" if object.get(w, "failurePolicy", null) != null

else := " (the admissionregistration.k8s.io/v1beta1 default)"

# apiservers is every kube-apiserver in the node facts.
apiservers := [[f, c] |
	some f in inv.objects("NodeFacts")
	c := f.components["kube-apiserver"]
	is_object(c)
]

plugins_unknown contains f.metadata.name if {
	some [f, c] in apiservers
	not node.admission_plugins(c)
}

plugin_on(c) if "ImagePolicyWebhook" in node.admission_plugins(c)

imagepolicywebhook if {
	count(apiservers) > 0
	count(plugins_unknown) == 0
	every pair in apiservers {
		plugin_on(pair[1])
	}
}

verified if imagepolicywebhook

verified if count(verifying_webhooks) > 0

other_pod_admission contains inv.finding(msg, cfg, sprintf("webhooks[%d]", [i]), object.get(w, "name", "")) if {
	some [cfg, i, w] in admission.pod_webhooks
	not verifier(cfg, w)
	msg := sprintf("%s webhook %s sees pod creation: confirm that it verifies image signatures or registries", [inv.ref(cfg), object.get(w, "name", "")])
}

other_pod_admission contains inv.finding(msg, p, "spec.matchConstraints", null) if {
	some p in admission.pod_policies
	msg := sprintf("%s sees pod creation: confirm that it verifies image signatures or registries", [inv.ref(p)])
}

# to_confirm is what may verify images, or verifies only some pods: each is a
# WARN when nothing verifies every pod, and then the check neither fails nor
# is undecided.
to_confirm := other_pod_admission | partial_verifiers

warn contains f if {
	not verified
	some f in to_confirm
}

deny contains inv.finding(msg, f, "components.kube-apiserver.flags.enable-admission-plugins", sort(node.admission_plugins(c))) if {
	not verified
	not skip
	count(to_confirm) == 0
	count(plugins_unknown) == 0
	some [f, c] in apiservers
	not plugin_on(c)
	msg := sprintf("kube-apiserver on node %s does not enable ImagePolicyWebhook, and no admission webhook or policy sees pod creation: images are not verified", [f.metadata.name])
}

unknown := sprintf("the admission plugins of kube-apiserver on %s could not be read", [concat(", ", sort(plugins_unknown))]) if {
	not verified
	not skip
	count(to_confirm) == 0
	count(plugins_unknown) > 0
}

unknown := "no admission webhook or policy sees pod creation, and no node facts from a control-plane node tell whether kube-apiserver enables ImagePolicyWebhook" if {
	not verified
	not skip
	count(to_confirm) == 0
	count(apiservers) == 0
}
