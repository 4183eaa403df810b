# METADATA
# title: Creating or changing ClusterRoleBindings is limited to the subjects that need it
# description: |
#   A ClusterRoleBinding grants a ClusterRole in every namespace to any subject,
#   identities the holder controls included. The API server's escalation check
#   limits it to roles the holder may bind, but with bind, or rights of its own,
#   it reaches cluster-admin. Every subject holding create, update or patch on
#   clusterrolebindings is reported once per binding, with its role.
#
#   The subjects Kubernetes itself needs are left aside for what the
#   bindings Kubernetes creates itself give them (a binding of anyone else's
#   to them is reported). This check is also one of the risks that
#   `kubeassay rbac risks` lists, under its id.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#     description: Kubernetes documentation, RBAC good practices
# custom:
#   id: KA-INV-029
#   severity: high
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Leave ClusterRoleBinding changes to the cluster administrators and the
#     tooling that provisions RBAC; teams get RoleBindings in their namespaces.
package kubeassay.checks.inventory.clusterrolebinding_writes

import data.kubeassay.lib.rbac

risk := [{"what": "create or modify ClusterRoleBindings", "where": "cluster", "any_of": rbac.each(["create", "update", "patch"], "rbac.authorization.k8s.io", ["clusterrolebindings"])}]

deny contains f if {
	some f in rbac.risk_findings(risk)
}
