# METADATA
# title: Creating or changing Roles, ClusterRoles and RoleBindings is limited to the subjects that need it
# description: |
#   Changing a role changes what every subject bound to it may do, and a
#   RoleBinding grants a role (ClusterRoles such as admin included) to any subject
#   of its namespace. The escalation check limits both to what the holder may
#   already do, unless it also holds bind or escalate, so they spread its rights
#   to identities it controls. Every subject holding create, update or patch on
#   roles or rolebindings, or update or patch on clusterroles, is reported once
#   per binding, with its role.
#
#   The subjects Kubernetes itself needs are left aside for what the
#   bindings Kubernetes creates itself give them (a binding of anyone else's
#   to them is reported). This check is also one of the risks that
#   `kubeassay rbac risks` lists, under its id.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#     description: Kubernetes documentation, RBAC good practices
# custom:
#   id: KA-INV-031
#   severity: medium
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Manage roles and bindings from the RBAC provisioning tooling; teams that
#     need to delegate get RoleBindings to named roles in their namespace.
package kubeassay.checks.inventory.rbac_writes

import data.kubeassay.lib.rbac

risk := [{"what": "create or modify Roles, ClusterRoles or RoleBindings", "where": "anywhere", "any_of": array.concat(rbac.each(["create", "update", "patch"], "rbac.authorization.k8s.io", ["roles", "rolebindings"]), rbac.each(["update", "patch"], "rbac.authorization.k8s.io", ["clusterroles"]))}]

deny contains f if {
	some f in rbac.risk_findings(risk)
}
