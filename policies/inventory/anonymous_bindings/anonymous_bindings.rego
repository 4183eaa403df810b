# METADATA
# title: No binding grants rights to system:anonymous
# description: |
#   The API server calls every request that carries no credential the user
#   system:anonymous (when anonymous requests are allowed at all). A binding
#   that names that user gives its role to anyone who can reach the API server.
#   Kubernetes binds nothing to system:anonymous itself, so every
#   ClusterRoleBinding or RoleBinding naming it fails, with the role it grants.
#   A binding that names it through the group system:unauthenticated is
#   KA-INV-038.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests
#     description: Kubernetes documentation, anonymous requests
#   - ref: https://www.cisecurity.org/benchmark/google_cloud_computing_platform
#     description: CIS Google Kubernetes Engine (GKE) Benchmark (4.1.8)
# custom:
#   id: KA-INV-037
#   severity: high
#   subject: inventory
#   kinds: [ClusterRoleBinding, RoleBinding]
#   remediation: |
#     Delete the binding, or remove the user system:anonymous from its subjects and
#     name the users, groups or service accounts that need the role instead:
#     `kubectl edit clusterrolebinding NAME` (or `kubectl edit rolebinding NAME -n NAMESPACE`).
package kubeassay.checks.inventory.anonymous_bindings

import data.kubeassay.lib.subject_bindings as sb

deny contains f if some f in sb.findings("User", "system:anonymous", "the user system:anonymous (every request without a credential)")
