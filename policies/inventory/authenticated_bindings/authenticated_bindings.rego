# METADATA
# title: No binding but the defaults grants rights to system:authenticated
# description: |
#   Every request with a valid credential belongs to the group
#   system:authenticated: every user, every node and every service account of
#   every namespace. Kubernetes binds that group only to system:basic-user,
#   system:discovery and system:public-info-viewer, through its own
#   ClusterRoleBindings of the same names. Every other binding naming the group
#   fails, with the role it grants; on GKE, where any Google account is
#   authenticated, it reaches people outside the organisation. The built-in
#   bindings count as built in only with their own names, roles and label.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles
#     description: Kubernetes documentation, RBAC discovery roles
#   - ref: https://www.cisecurity.org/benchmark/google_cloud_computing_platform
#     description: CIS Google Kubernetes Engine (GKE) Benchmark (4.1.10)
# custom:
#   id: KA-INV-039
#   severity: medium
#   subject: inventory
#   kinds: [ClusterRoleBinding, RoleBinding]
#   remediation: |
#     Delete the binding, or replace the group system:authenticated in its subjects with
#     the groups or service accounts that need the role: `kubectl edit clusterrolebinding
#     NAME` (or `kubectl edit rolebinding NAME -n NAMESPACE`).
package kubeassay.checks.inventory.authenticated_bindings

import data.kubeassay.lib.subject_bindings as sb

deny contains f if some f in sb.findings("Group", "system:authenticated", "the group system:authenticated (every authenticated user and service account)")
