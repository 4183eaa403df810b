# METADATA
# title: bind and escalate are limited to the subjects that need them
# description: |
#   Two verbs let a subject gain permissions it does not hold: bind on roles
#   or clusterroles (bind any role to anyone, itself included) and escalate
#   on them (write a role with more than it holds). Every subject holding one
#   of them, or bind on the ClusterRole cluster-admin by name, is reported
#   once per binding and verb, naming the binding, its role and the scope;
#   the subjects Kubernetes itself needs (the control plane's users, the
#   nodes, kube-system's service accounts and system:masters) are left aside
#   for what the bindings Kubernetes creates itself give them (a binding of
#   anyone else's to them is reported). Binding or escalating only the roles
#   a rule names (resourceNames, to hand out view, say) is a WARN to confirm.
#   The third verb of CIS 5.1.8, impersonate, is KA-INV-035.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks
#     description: Kubernetes documentation, RBAC privilege escalation risks
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.1.8)
# custom:
#   id: KA-INV-007
#   severity: high
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Remove bind and escalate from the roles listed; where an operator must
#     hand out one role, name it in resourceNames (a warning to confirm), and
#     never cluster-admin.
package kubeassay.checks.inventory.privilege_escalation_verbs

import data.kubeassay.lib.rbac

# What each verb is called in a finding, the requests that hold it and where.
verbs := [
	["bind roles", rbac.each(["bind"], "rbac.authorization.k8s.io", ["roles", "clusterroles"]), "anywhere"],
	["escalate roles", rbac.each(["escalate"], "rbac.authorization.k8s.io", ["roles", "clusterroles"]), "anywhere"],
]

# Binding cluster-admin by name is binding every permission.
risk := [{"what": what, "where": where, "any_of": requests} |
	some [what, requests, where] in array.concat(verbs, [["bind the ClusterRole cluster-admin", [[{"verb": "bind", "group": "rbac.authorization.k8s.io", "resource": "clusterroles", "name": "cluster-admin"}]], "anywhere"]])
]

deny contains f if {
	some f in rbac.risk_findings(risk)
}

# Binding or escalating only the roles a rule names (bind the ClusterRole
# view, to hand it out) is a delegation to confirm, not a failure.
named_verbs := [
	["bind roles", "bind"],
	["escalate roles", "escalate"],
]

warn contains f if {
	some [what, verb] in named_verbs
	some f in rbac.named_findings(
		rbac.each([verb], "rbac.authorization.k8s.io", ["roles", "clusterroles"]),
		rbac.named([verb], "rbac.authorization.k8s.io", ["roles", "clusterroles"]),
		"anywhere", what,
	)
}
