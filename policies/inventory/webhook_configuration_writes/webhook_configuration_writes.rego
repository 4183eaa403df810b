# METADATA
# title: Changing admission webhook configurations is limited to the subjects that need it
# description: |
#   A mutating webhook sees, and can rewrite, every object it matches, Secrets
#   included; removing or loosening a validating webhook switches policy off.
#   Every subject holding create, update, patch or delete on
#   mutatingwebhookconfigurations or validatingwebhookconfigurations is reported
#   once per binding, with its role; the subjects Kubernetes itself needs are left
#   aside.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#     description: Kubernetes documentation, RBAC good practices
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.1.12)
# custom:
#   id: KA-INV-021
#   severity: high
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Limit write access to webhook configurations to the cluster's administrators,
#     and let operators that manage their own webhook change it by name only
#     (resourceNames).
package kubeassay.checks.inventory.webhook_configuration_writes

import data.kubeassay.lib.rbac

requests := array.concat(
	rbac.each(["create", "update", "patch", "delete"], "admissionregistration.k8s.io", ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"]),
	rbac.named(["update", "patch", "delete"], "admissionregistration.k8s.io", ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"]),
)

risk := [{"what": "change admission webhooks", "where": "cluster", "any_of": requests}]

deny contains f if {
	some f in rbac.risk_findings(risk)
}
