# METADATA
# title: bind, escalate and impersonate are limited to the subjects that need them
# description: |
#   Three verbs let a subject gain permissions it does not hold: bind on roles
#   or clusterroles (bind any role to anyone, itself included), escalate on
#   them (write a role with more than it holds), and impersonate on users,
#   groups, service accounts or user ids (act as someone else). Every subject
#   holding one of them is reported once per binding and verb, naming the
#   binding, its role and the scope; the subjects Kubernetes itself needs (the
#   control plane's users, the nodes, kube-system's service accounts and
#   system:masters) are left aside. Rules restricted to named roles or users
#   (resourceNames) are not reported.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks
#     description: Kubernetes documentation, RBAC privilege escalation risks
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.1.8)
# custom:
#   id: KA-INV-007
#   cis: ["5.1.8"]
#   severity: high
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Remove bind, escalate and impersonate from the roles listed; where an
#     operator must bind one role or impersonate one account, name it in
#     resourceNames.
package kubeassay.checks.inventory.privilege_escalation_verbs

import data.kubeassay.lib.rbac

# What each verb is called in a finding, the requests that hold it and where:
# users, groups and uids are impersonated cluster-wide (the API server asks
# without a namespace), service accounts in their namespace.
verbs := [
	["bind roles", rbac.each(["bind"], "rbac.authorization.k8s.io", ["roles", "clusterroles"]), "anywhere"],
	["escalate roles", rbac.each(["escalate"], "rbac.authorization.k8s.io", ["roles", "clusterroles"]), "anywhere"],
	["impersonate users or groups", array.concat(
		rbac.each(["impersonate"], "", ["users", "groups"]),
		rbac.each(["impersonate"], "authentication.k8s.io", ["uids"]),
	), "cluster"],
	["impersonate service accounts", rbac.each(["impersonate"], "", ["serviceaccounts"]), "anywhere"],
]

deny contains f if {
	some [what, requests, where] in verbs
	some f in rbac.findings(requests, where, what)
}
