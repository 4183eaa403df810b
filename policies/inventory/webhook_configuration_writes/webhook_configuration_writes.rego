# METADATA
# title: Changing mutating admission webhooks is limited to the subjects that need it
# description: |
#   A mutating webhook sees, and can rewrite, every object it matches as it is
#   admitted, Secrets included: add a container or a host mount to every new
#   pod. Every subject holding create, update, patch or delete on
#   mutatingwebhookconfigurations is reported once per binding, with its role;
#   the subjects Kubernetes itself needs are left aside. Validating webhooks are
#   KA-INV-034.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#     description: Kubernetes documentation, RBAC good practices
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.1.12)
# custom:
#   id: KA-INV-021
#   severity: critical
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Limit write access to webhook configurations to the cluster's administrators,
#     and let operators that manage their own webhook change it by name only
#     (resourceNames).
package kubeassay.checks.inventory.webhook_configuration_writes

import data.kubeassay.lib.rbac

requests := array.concat(
	rbac.each(["create", "update", "patch", "delete"], "admissionregistration.k8s.io", ["mutatingwebhookconfigurations"]),
	rbac.named(["update", "patch", "delete"], "admissionregistration.k8s.io", ["mutatingwebhookconfigurations"]),
)

risk := [{"what": "change mutating admission webhooks", "where": "cluster", "any_of": requests}]

deny contains f if {
	some f in rbac.risk_findings(risk)
}
