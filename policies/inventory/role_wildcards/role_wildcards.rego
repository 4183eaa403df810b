# METADATA
# title: Roles and ClusterRoles name their verbs, resources and API groups
# description: |
#   A wildcard (*) in a rule's verbs, resources or apiGroups grants everything
#   of that kind, including what later Kubernetes releases and
#   CustomResourceDefinitions add. Every rule of a Role or ClusterRole with a
#   wildcard is reported, naming the role, the rule's index and the field.
#   The ClusterRoles Kubernetes maintains itself that hold a wildcard
#   (cluster-admin and ten system: roles of its bootstrap policy, with the label
#   kubernetes.io/bootstrapping=rbac-defaults) are left aside: they are
#   reconciled by the API server at every start. The label or a system: name on
#   a role of another name does not count: anyone can write both. A
#   non-resource URL wildcard (nonResourceURLs: ["*"]) is reported too.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
#     description: Kubernetes documentation, RBAC least privilege
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.1.3)
# custom:
#   id: KA-INV-005
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

# builtin(r) holds for the ClusterRoles the API server creates and
# reconciles that hold a wildcard (its bootstrap policy, Kubernetes 1.37):
# neither the label nor a system: name is enough, anyone can write both on
# a role of their own. A built-in role added with a wildcard by a later
# release is reported until it is listed here.
builtin(r) if {
	r.kind == "ClusterRole"
	object.get(r, ["metadata", "labels", "kubernetes.io/bootstrapping"], "") == "rbac-defaults"
	object.get(r, ["metadata", "name"], "") in wildcard_builtins
}

wildcard_builtins := {
	"cluster-admin",
	"system:discovery",
	"system:kube-controller-manager",
	"system:kubelet-api-admin",
	"system:monitoring",
	"system:controller:disruption-controller",
	"system:controller:generic-garbage-collector",
	"system:controller:horizontal-pod-autoscaler",
	"system:controller:namespace-controller",
	"system:controller:resourcequota-controller",
	"system:controller:storage-version-migrator-controller",
}

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
