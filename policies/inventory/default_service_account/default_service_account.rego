# METADATA
# title: Default service accounts mount no token and hold no rights
# description: |
#   Every namespace has a service account named default, used by every pod that names no other.
#   When it mounts its token automatically, every such pod carries an API credential it
#   rarely needs; when a binding grants it rights, every such pod holds them. Each
#   ServiceAccount named default fails unless it sets automountServiceAccountToken: false,
#   and each RoleBinding or ClusterRoleBinding fails that grants a role to a default
#   service account, directly (a ServiceAccount subject named default, or the User
#   system:serviceaccount:NAMESPACE:default its token authenticates as) or through the
#   groups that hold it (system:serviceaccounts, system:serviceaccounts:NAMESPACE); the
#   bindings Kubernetes creates itself (labelled kubernetes.io/bootstrapping: rbac-defaults,
#   named system:...) are the defaults the benchmark allows. A pod that sets
#   automountServiceAccountToken: true itself still mounts the token: the pod checks judge
#   pods. With no ServiceAccount named default in the input (manifests rarely declare them,
#   though every namespace has one) the check does not apply unless a binding already fails:
#   the setting of the namespaces' default service accounts was not read, so it never passes.
# related_resources:
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
#     description: Kubernetes documentation, opt out of API credential automounting
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.1.5)
# custom:
#   id: KA-INV-003
#   severity: medium
#   subject: inventory
#   kinds: [ClusterRoleBinding, RoleBinding, ServiceAccount]
#   remediation: |
#     Set `automountServiceAccountToken: false` on the default service account of every
#     namespace (`kubectl patch serviceaccount default -n NAMESPACE -p
#     '{"automountServiceAccountToken": false}'`), give each workload that calls the API a
#     service account of its own with only the rights it needs, and remove the bindings
#     that grant rights to a default service account.
package kubeassay.checks.inventory.default_service_account

import data.kubeassay.lib.inventory as inv

# Without a default ServiceAccount in the input (manifests rarely declare
# them, but every namespace has one) whether they mount their token is not
# known: the check judges nothing unless a binding already fails.
skip := "no ServiceAccount named default in the input, and no binding grants rights to one: whether the default service accounts mount their token is not known" if {
	count(defaults) == 0
	count(granting) == 0
}

defaults := [sa | some sa in inv.objects("ServiceAccount"); sa.metadata.name == "default"]

deny contains inv.finding(msg, sa, "automountServiceAccountToken", object.get(sa, "automountServiceAccountToken", null)) if {
	some sa in defaults
	object.get(sa, "automountServiceAccountToken", null) != false
	msg := sprintf("the default service account of namespace %q mounts its token (automountServiceAccountToken is not false)", [object.get(sa, ["metadata", "namespace"], "")])
}

bindings := array.concat(inv.objects("ClusterRoleBinding"), inv.objects("RoleBinding"))

builtin(b) if {
	object.get(b, ["metadata", "labels", "kubernetes.io/bootstrapping"], "") == "rbac-defaults"
	startswith(b.metadata.name, "system:")
}

# holds(b, s) describes subject s of binding b when it is, or holds, a
# default service account.
holds(b, s) := sprintf("ServiceAccount %q", [sprintf("%s/default", [ns])]) if {
	object.get(s, "kind", "") == "ServiceAccount"
	object.get(s, "name", "") == "default"
	ns := object.get(s, "namespace", object.get(b, ["metadata", "namespace"], ""))
}

# The API server authenticates a service account's token as the user
# system:serviceaccount:NAMESPACE:NAME, and a binding may name it so.
holds(_, s) := sprintf("User %q", [s.name]) if {
	object.get(s, "kind", "") == "User"
	name := object.get(s, "name", "")
	is_string(name)
	parts := split(name, ":")
	count(parts) == 4
	parts[0] == "system"
	parts[1] == "serviceaccount"
	parts[3] == "default"
}

holds(_, s) := sprintf("Group %q", [s.name]) if {
	object.get(s, "kind", "") == "Group"
	service_account_group(object.get(s, "name", ""))
}

service_account_group(g) if g == "system:serviceaccounts"

service_account_group(g) if startswith(g, "system:serviceaccounts:")

# granting are the bindings, but the built-in ones, that grant a role to a
# default service account, with the subjects that hold one.
granting contains [b, held] if {
	some b in bindings
	not builtin(b)
	held := {holds(b, s) | some s in object.get(b, "subjects", [])}
	count(held) > 0
}

deny contains inv.finding(msg, b, "subjects", object.get(b, "subjects", [])) if {
	some [b, held] in granting
	ref := object.get(b, "roleRef", {})
	msg := sprintf("%s grants %s %q to %s", [inv.ref(b), object.get(ref, "kind", "?"), object.get(ref, "name", "?"), concat(", ", sort(held))])
}
