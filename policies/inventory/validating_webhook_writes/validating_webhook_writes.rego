# METADATA
# title: Changing validating admission webhooks is limited to the subjects that need it
# description: |
#   A validating webhook sees every object it matches, Secrets included, and can
#   refuse any request; removing or loosening one switches a policy off. Every
#   subject holding create, update, patch or delete on
#   validatingwebhookconfigurations is reported once per binding, with its role;
#   the subjects Kubernetes itself needs are left aside. Mutating webhooks are
#   KA-INV-021.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#     description: Kubernetes documentation, RBAC good practices
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.1.12)
# custom:
#   id: KA-INV-034
#   severity: high
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Limit write access to webhook configurations to the cluster's administrators,
#     and let operators that manage their own webhook change it by name only
#     (resourceNames).
package kubeassay.checks.inventory.validating_webhook_writes

import data.kubeassay.lib.rbac

requests := array.concat(
	rbac.each(["create", "update", "patch", "delete"], "admissionregistration.k8s.io", ["validatingwebhookconfigurations"]),
	rbac.named(["update", "patch", "delete"], "admissionregistration.k8s.io", ["validatingwebhookconfigurations"]),
)

risk := [{"what": "change validating admission webhooks", "where": "cluster", "any_of": requests}]

deny contains f if {
	some f in rbac.risk_findings(risk)
}
