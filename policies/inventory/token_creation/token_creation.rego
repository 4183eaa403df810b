# METADATA
# title: Creating service account tokens is limited to the subjects that need it
# description: |
#   Creating a token for a service account (create on serviceaccounts/token) is
#   acting as that service account, with all it may do. Every subject holding it
#   is reported once per binding, with its role and scope; the subjects Kubernetes
#   itself needs are left aside for what the bindings
#   Kubernetes creates itself give them (a binding of anyone else's to them is
#   reported).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#     description: Kubernetes documentation, RBAC good practices
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.1.13)
# custom:
#   id: KA-INV-022
#   severity: high
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Remove create on serviceaccounts/token from the roles listed; where a component
#     needs a token for one service account, grant it on that account by name
#     (resourceNames).
package kubeassay.checks.inventory.token_creation

import data.kubeassay.lib.rbac

requests := rbac.each(["create"], "", ["serviceaccounts/token"])

risk := [{"what": "create service account tokens", "where": "anywhere", "any_of": requests}]

deny contains f if {
	some f in rbac.risk_findings(risk)
}

# Tokens of the service accounts a rule names only: the holder gets their
# rights, which a person should confirm are no more than its own.
warn contains f if {
	some f in rbac.named_findings(requests, rbac.named(["create"], "", ["serviceaccounts/token"]), "anywhere", "create service account tokens")
}
