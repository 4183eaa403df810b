# METADATA
# title: cluster-admin is bound only by the built-in binding
# description: |
#   The cluster-admin ClusterRole allows every verb on every resource: whoever holds it
#   owns the cluster, its Secrets and its nodes. Kubernetes binds it only to the
#   group system:masters, through the built-in ClusterRoleBinding named cluster-admin,
#   which break-glass credentials use. Every other ClusterRoleBinding or RoleBinding
#   whose roleRef is the ClusterRole cluster-admin fails, naming the binding (and its
#   namespace, for a RoleBinding, which grants it within that namespace) and the
#   subjects it grants it to; so does the built-in binding when it grants it to any
#   subject but the group system:masters. A binding without subjects grants nothing
#   and is not reported. Whether a binding is required is for a person to decide: a
#   failure lists who to review.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
#     description: Kubernetes documentation, RBAC user-facing roles
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.1.1)
# custom:
#   id: KA-INV-001
#   severity: high
#   subject: inventory
#   kinds: [ClusterRoleBinding, RoleBinding]
#   remediation: |
#     For each binding listed, bind its subjects to a role with only the permissions they
#     need (a namespaced Role, or a narrower ClusterRole through a RoleBinding), then
#     delete the cluster-admin binding: `kubectl delete clusterrolebinding NAME` (or
#     `kubectl delete rolebinding NAME -n NAMESPACE`). Keep the built-in cluster-admin
#     binding to system:masters for break-glass access only.
package kubeassay.checks.inventory.cluster_admin_binding

import data.kubeassay.lib.inventory as inv

bindings := array.concat(inv.objects("ClusterRoleBinding"), inv.objects("RoleBinding"))

binds_cluster_admin(b) if {
	ref := object.get(b, "roleRef", {})
	object.get(ref, "kind", "") == "ClusterRole"
	object.get(ref, "name", "") == "cluster-admin"
}

builtin(b) if {
	b.kind == "ClusterRoleBinding"
	b.metadata.name == "cluster-admin"
}

# allowed(b, s) holds for the subject the built-in binding grants.
allowed(b, s) if {
	builtin(b)
	object.get(s, "kind", "") == "Group"
	object.get(s, "name", "") == "system:masters"
}

describe(s) := sprintf("%s %q", [object.get(s, "kind", "?"), sprintf("%s/%s", [s.namespace, object.get(s, "name", "")])]) if {
	object.get(s, "kind", "") == "ServiceAccount"
	object.get(s, "namespace", "") != ""
} else := sprintf("%s %q", [object.get(s, "kind", "?"), object.get(s, "name", "")])

deny contains inv.finding(msg, b, "roleRef.name", "cluster-admin") if {
	some b in bindings
	binds_cluster_admin(b)
	subjects := [describe(s) |
		some s in object.get(b, "subjects", [])
		not allowed(b, s)
	]
	count(subjects) > 0
	msg := sprintf("%s grants cluster-admin to %s", [inv.ref(b), concat(", ", sort(subjects))])
}
