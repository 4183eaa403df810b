# METADATA
# title: No subject but the administrators reads the Secrets of every namespace
# description: |
#   Secrets hold service account tokens, registry credentials and TLS keys:
#   get, list or watch on secrets through a ClusterRoleBinding reads them in
#   every namespace, the credentials of the most privileged workloads of the
#   cluster included. Every subject holding it is reported, once per binding
#   that grants it, naming the binding and its role (and the ClusterRole an
#   aggregated rule comes from). Reading the Secrets of one namespace is
#   KA-INV-004. Rules restricted to named Secrets (resourceNames)
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
#   id: KA-INV-033
#   severity: critical
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Remove get, list and watch on secrets from the roles of the subjects listed
#     that do not need them. Where a workload reads one Secret, grant get on it by
#     name (resourceNames) in its own namespace, through a RoleBinding.
package kubeassay.checks.inventory.secrets_read_cluster

import data.kubeassay.lib.rbac

risk := [{"what": "read Secrets in every namespace", "where": "cluster", "any_of": rbac.each(["get", "list", "watch"], "", ["secrets"])}]

deny contains f if {
	some f in rbac.risk_findings(risk)
}
