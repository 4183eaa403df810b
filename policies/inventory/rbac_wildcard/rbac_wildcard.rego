# METADATA
# title: Every verb on every resource is held by no subject but the cluster administrators
# description: |
#   A rule whose verbs, apiGroups and resources are all * allows everything the API
#   offers, every other RBAC risk included: whoever holds it cluster-wide owns the
#   cluster. Every subject holding it through a ClusterRoleBinding is reported once
#   per binding, with its role (cluster-admin, or a role of one's own); a rule
#   listing every verb by name is not this risk, its holder shows up under the
#   others.
#
#   The subjects Kubernetes itself needs are left aside for what the
#   bindings Kubernetes creates itself give them (a binding of anyone else's
#   to them is reported). This check is also one of the risks that
#   `kubeassay rbac risks` lists, under its id.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#     description: Kubernetes documentation, RBAC good practices
# custom:
#   id: KA-INV-028
#   severity: critical
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Bind cluster-admin, or any role with * in verbs, apiGroups and resources, only
#     to a small break-glass group; give automation roles that list what it needs.
package kubeassay.checks.inventory.rbac_wildcard

import data.kubeassay.lib.rbac

risk := [{"what": "every verb on every resource (cluster-admin equivalent)", "where": "cluster", "any_of": [[{"verb": "*", "group": "*", "resource": "*"}]]}]

deny contains f if {
	some f in rbac.risk_findings(risk)
}
