# METADATA
# title: Bindings to the users and groups every request belongs to
# description: |
#   Finds the ClusterRoleBindings and RoleBindings that name a subject every
#   anonymous or every authenticated request carries (the user
#   system:anonymous, the groups system:unauthenticated and
#   system:authenticated), leaving aside the bindings the API server creates
#   and reconciles itself (lib.rbac.builtin_binding: kind, namespace, name,
#   role and label must all match).
package kubeassay.lib.subject_bindings

import data.kubeassay.lib.inventory as inv
import data.kubeassay.lib.rbac

bindings := array.concat(inv.objects("ClusterRoleBinding"), inv.objects("RoleBinding"))

# names(b, kind, name) holds when binding b names the subject kind/name.
names(b, kind, name) if {
	some s in object.get(b, "subjects", [])
	object.get(s, "kind", "") == kind
	object.get(s, "name", "") == name
}

builtin(b) if rbac.builtin_binding({
	"kind": b.kind,
	"namespace": object.get(b, ["metadata", "namespace"], ""),
	"name": b.metadata.name,
})

# findings(kind, name, label) is a finding for every binding that is not
# built in and names the subject: "ClusterRoleBinding/x grants ClusterRole
# view to the group system:authenticated (every authenticated request)".
findings(kind, name, label) := {inv.finding(msg, b, "subjects", name) |
	some b in bindings
	names(b, kind, name)
	not builtin(b)
	role := sprintf("%s %s", [object.get(b, ["roleRef", "kind"], "?"), object.get(b, ["roleRef", "name"], "?")])
	msg := sprintf("%s grants %s to %s", [inv.ref(b), role, label])
}
