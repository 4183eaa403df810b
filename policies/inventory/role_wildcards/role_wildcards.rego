# METADATA
# title: Roles and ClusterRoles name their verbs, resources and API groups
# description: |
#   A wildcard (*) in a rule's verbs, resources or apiGroups grants everything
#   of that kind, including what later Kubernetes releases and
#   CustomResourceDefinitions add. Every rule of a Role or ClusterRole with a
#   wildcard is reported, naming the role, the rule's index and the field.
#   The roles Kubernetes maintains itself (label
#   kubernetes.io/bootstrapping=rbac-defaults on cluster-admin, admin, edit,
#   view and the system: roles) are left aside: they are reconciled by the API
#   server at every start. The label on a role of another name does not count:
#   anyone can write it. A
#   non-resource URL wildcard (nonResourceURLs: ["*"]) is reported too.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
#     description: Kubernetes documentation, RBAC least privilege
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.1.3)
# custom:
#   id: KA-INV-005
#   cis: ["5.1.3"]
#   severity: medium
#   subject: inventory
#   kinds: [ClusterRole, Role]
#   remediation: |
#     Rewrite each rule listed with the verbs, resources and apiGroups it needs
#     (`kubectl auth can-i --list --as=<subject>` shows what a subject uses today),
#     then apply the role again.
package kubeassay.checks.inventory.role_wildcards

import data.kubeassay.lib.inventory as inv

roles := array.concat(inv.objects("ClusterRole"), inv.objects("Role"))

# builtin(r) holds for the roles the API server creates and reconciles: the
# label alone is not enough, anyone can write it on a role of their own.
builtin(r) if {
	object.get(r, ["metadata", "labels", "kubernetes.io/bootstrapping"], "") == "rbac-defaults"
	builtin_name(object.get(r, ["metadata", "name"], ""))
}

builtin_name(n) if startswith(n, "system:")

builtin_name(n) if n in {"cluster-admin", "admin", "edit", "view", "extension-apiserver-authentication-reader"}

fields := ["verbs", "apiGroups", "resources", "nonResourceURLs"]

skip := "every Role and ClusterRole in the input is one Kubernetes maintains itself (kubernetes.io/bootstrapping=rbac-defaults)" if {
	count(roles) > 0
	every r in roles {
		builtin(r)
	}
}

deny contains inv.finding(msg, r, sprintf("rules[%d].%s", [i, field]), "*") if {
	some r in roles
	not builtin(r)
	some i, rule in object.get(r, "rules", [])
	some field in fields
	"*" in object.get(rule, field, [])
	msg := sprintf("%s rule %d has * in %s", [inv.ref(r), i, field])
}
