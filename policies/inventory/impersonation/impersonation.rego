# METADATA
# title: Impersonation is limited to the subjects that need it
# description: |
#   impersonate on users, groups, user ids or service accounts lets a subject
#   act as someone else, with every right that someone holds: impersonating
#   the group system:masters is being cluster-admin, past every RBAC rule.
#   Every subject holding impersonate is reported once per binding and
#   resource, naming the binding, its role and the scope; the subjects
#   Kubernetes itself needs are left aside for what the bindings Kubernetes
#   creates itself give them (a binding of anyone else's to them is
#   reported). Impersonating even one named user or group fails: one is
#   enough.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
#     description: Kubernetes documentation, user impersonation
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks
#     description: Kubernetes documentation, RBAC privilege escalation risks
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.1.8)
# custom:
#   id: KA-INV-035
#   severity: critical
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Remove impersonate from the roles listed. Where a support tool must act
#     as its users, give it to that tool's own service account alone, and
#     never on groups such as system:masters; audit what it impersonates
#     (the audit log records impersonatedUser).
package kubeassay.checks.inventory.impersonation

import data.kubeassay.lib.rbac

# Users, groups and uids are impersonated cluster-wide (the API server asks
# without a namespace); service accounts in their namespace.
risk := [
	{"what": "impersonate users or groups", "where": "cluster", "any_of": array.concat(
		rbac.each_or_named(["impersonate"], "", ["users", "groups"]),
		rbac.each_or_named(["impersonate"], "authentication.k8s.io", ["uids"]),
	)},
	{"what": "impersonate service accounts", "where": "anywhere", "any_of": rbac.each_or_named(["impersonate"], "", ["serviceaccounts"])},
]

deny contains f if {
	some f in rbac.risk_findings(risk)
}
