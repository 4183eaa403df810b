# METADATA
# title: Access to Secrets is limited to the subjects that need it
# description: |
#   Reading a Secret with get, list or watch returns its content: list and watch
#   return every Secret of the namespace. Every subject that holds one of these
#   verbs on secrets in a namespace, through a RoleBinding of it, is reported,
#   once per binding that grants it, naming the binding, its role (and the
#   ClusterRole an aggregated rule comes from). The same through a
#   ClusterRoleBinding, in every namespace at once, is KA-INV-033, critical. Rules restricted to named Secrets (resourceNames)
#   are the remedy and are not reported. The subjects Kubernetes itself needs
#   (the control plane's users, the nodes, kube-system's service accounts and
#   system:masters) are left aside for what the bindings
#   Kubernetes creates itself give them (a binding of anyone else's to them is
#   reported).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#     description: Kubernetes documentation, RBAC good practices
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.1.2)
# custom:
#   id: KA-INV-004
#   severity: high
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Remove get, list and watch on secrets from the roles of the subjects listed
#     that do not need them. Where a workload reads one Secret, grant get on it by
#     name (resourceNames) in its own namespace, through a RoleBinding.
package kubeassay.checks.inventory.secrets_access

import data.kubeassay.lib.rbac

risk := [{"what": "read Secrets in a namespace", "where": "namespace", "any_of": rbac.each(["get", "list", "watch"], "", ["secrets"])}]

deny contains f if {
	some f in rbac.risk_findings(risk)
}
