# METADATA
# title: The cluster has an active pod admission policy
# description: |
#   Something must refuse dangerous pods at admission: Pod Security Admission
#   enforcing the baseline or restricted level in at least one namespace (label
#   pod-security.kubernetes.io/enforce), a ValidatingAdmissionPolicyBinding that
#   denies (validationActions has Deny) and binds a ValidatingAdmissionPolicy
#   whose matchConstraints.resourceRules match creating pods (the binding's own
#   matchResources.resourceRules, when it has any, must match them too), or a validating
#   admission webhook whose rules match creating pods (a policy engine such as
#   Kyverno or Gatekeeper). A rule matches pods only when its scope is "*",
#   "Namespaced" or unset: a "Cluster" scope never matches them. When there is
#   none, every Namespace that is not a system one is reported. A denying
#   binding whose policy is not in the input may be the one mechanism: when
#   nothing else is in place, the result is undecided (ERROR), naming the
#   binding and the policy, rather than a failure or a pass. What each
#   mechanism enforces is judged by the other section 5.2 recommendations, not
#   here.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-admission/
#     description: Kubernetes documentation, Pod Security Admission
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
#     description: Kubernetes documentation, ValidatingAdmissionPolicy
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.2.1)
# custom:
#   id: KA-INV-023
#   severity: high
#   subject: inventory
#   kinds: [Namespace, ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding, ValidatingWebhookConfiguration]
#   remediation: |
#     Label the namespaces that run workloads with
#     `pod-security.kubernetes.io/enforce: baseline` (or restricted), or install a
#     policy engine with equivalent rules in enforce mode.
package kubeassay.checks.inventory.policy_control

import data.kubeassay.lib.admission
import data.kubeassay.lib.inventory as inv
import data.kubeassay.lib.podsecurity as psa

enforcing_namespaces := [ns | some ns in psa.namespaces; psa.rank[psa.level(ns)] > 0]

validating_webhooks := [w | some [_, _, w] in admission.validating_pod_webhooks]

mechanisms := (count(enforcing_namespaces) + count(validating_webhooks)) + count(admission.pod_denying_bindings)

# Why some mechanism may be in place although none is known to be: a
# namespace label that is not a level, or a denying binding whose policy is
# not in the input.
undecided := psa.invalid | admission.unresolved_bindings

deny contains inv.finding(msg, ns, "metadata.labels", object.get(ns, ["metadata", "labels"], {})) if {
	mechanisms == 0
	count(undecided) == 0
	some ns in psa.namespaces
	msg := sprintf("namespace %s: no namespace enforces a Pod Security level, and no ValidatingAdmissionPolicy or validating webhook refuses pods", [ns.metadata.name])
}

unknown := concat("; ", sort(undecided)) if {
	mechanisms == 0
	count(undecided) > 0
}
