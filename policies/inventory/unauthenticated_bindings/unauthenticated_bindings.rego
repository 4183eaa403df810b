# METADATA
# title: No binding but the defaults grants rights to system:unauthenticated
# description: |
#   Every request the API server could not authenticate belongs to the group
#   system:unauthenticated. Kubernetes binds that group only to the ClusterRole
#   system:public-info-viewer (the server's version and health), through its
#   own ClusterRoleBinding of the same name. Every other binding naming the
#   group fails, with the role it grants: anyone who can reach the API server
#   holds it. The built-in binding counts as built in only with its own name,
#   role and label (kubernetes.io/bootstrapping=rbac-defaults).
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles
#     description: Kubernetes documentation, RBAC discovery roles
#   - ref: https://www.cisecurity.org/benchmark/google_cloud_computing_platform
#     description: CIS Google Kubernetes Engine (GKE) Benchmark (4.1.9)
# custom:
#   id: KA-INV-038
#   severity: high
#   subject: inventory
#   kinds: [ClusterRoleBinding, RoleBinding]
#   remediation: |
#     Delete the binding, or remove the group system:unauthenticated from its subjects
#     and name who needs the role instead: `kubectl edit clusterrolebinding NAME` (or
#     `kubectl edit rolebinding NAME -n NAMESPACE`).
package kubeassay.checks.inventory.unauthenticated_bindings

import data.kubeassay.lib.subject_bindings as sb

deny contains f if some f in sb.findings("Group", "system:unauthenticated", "the group system:unauthenticated (every request without a valid credential)")
