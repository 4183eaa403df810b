# Helpers for the inventory checks that ask who holds a permission. Such a
# check lists Role, ClusterRole, RoleBinding and ClusterRoleBinding in
# custom.kinds, which gives it the built-in function kubeassay.rbac.holders
# (checks/rbacfunc.go: the RBAC resolver proved against the API server's
# SubjectAccessReview). Findings are about bindings: one per binding that
# gives a subject the permission, naming the subject, the binding and the
# role (and the ClusterRole a rule was aggregated from).
package kubeassay.lib.rbac

import data.kubeassay.lib.inventory as inv

# req(verb, group, resource) is one request ("pods/exec" for a subresource).
req(verb, group, resource) := {"verb": verb, "group": group, "resource": resource}

# each(verbs, group, resources) is one set per verb and resource: holding
# any one of them is enough.
each(verbs, group, resources) := [[req(v, group, r)] | some r in resources; some v in verbs]

# named(verbs, group, resources) is each, asked for some object name ("*",
# whichever): a rule limited by resourceNames grants it too. For the verbs
# that act on one named object (impersonate a group, bind a role, proxy to a
# node, create a token, update a webhook configuration), one name a rule
# lists is enough to be dangerous: impersonating system:masters alone makes
# its holder cluster-admin. A check asks for both.
named(verbs, group, resources) := [[object.union(req(v, group, r), {"name": "*"})] | some r in resources; some v in verbs]

# each_or_named(verbs, group, resources) is each and named together.
each_or_named(verbs, group, resources) := array.concat(each(verbs, group, resources), named(verbs, group, resources))

# holders(any_of, where) is every subject that holds one set of any_of,
# where: "cluster", "namespace" or "anywhere". The system subjects (the
# control plane's users, kube-system's service accounts, the nodes,
# system:masters) are left out as far as the bindings Kubernetes creates
# itself give them what they hold; a binding of anyone else's to them (a
# tiller service account in kube-system bound to cluster-admin, a grant to
# system:nodes) is reported.
holders(any_of, where) := [h |
	some held in kubeassay.rbac.holders({"anyOf": any_of, "where": where})
	h := own_grants(held)
	count(h.via) > 0
]

own_grants(h) := h if not h.system

else := object.union(h, {"via": [v | some v in h.via; not builtin_binding(v.binding)]})

# builtin_binding(ref) holds for a binding the API server creates and
# reconciles: labelled kubernetes.io/bootstrapping=rbac-defaults and named
# system:... or cluster-admin.
builtin_binding(ref) if {
	b := bindings[[ref.kind, object.get(ref, "namespace", ""), ref.name]]
	object.get(b, ["metadata", "labels", "kubernetes.io/bootstrapping"], "") == "rbac-defaults"
	name := b.metadata.name
	builtin_binding_name(name)
}

builtin_binding_name(name) if startswith(name, "system:")

builtin_binding_name("cluster-admin")

# subject(s) names a subject in a message.
subject(s) := sprintf("ServiceAccount %s/%s", [s.namespace, s.name]) if s.kind == "ServiceAccount"

else := sprintf("%s %s", [s.kind, s.name])

# scope(h) says where a holder holds the permission.
scope(h) := "cluster-wide" if h.scope == "cluster"

else := sprintf("in namespace %s", [h.scope])

# role(v) names the role of a grant, and where an aggregated rule comes from.
role(v) := sprintf("%s %s", [v.role.kind, v.role.name]) if v.aggregatedFrom == ""

else := sprintf("%s %s, rule aggregated from ClusterRole %s", [v.role.kind, v.role.name, v.aggregatedFrom])

# bindings indexes the bindings read by [kind, namespace, name], as one
# value built once (a partial rule would go over every binding at each
# lookup).
bindings := {[b.kind, object.get(b, ["metadata", "namespace"], ""), b.metadata.name]: b |
	some kind in ["ClusterRoleBinding", "RoleBinding"]
	some b in inv.objects(kind)
}

# findings(any_of, where, what) is one finding per holder and binding:
# "<subject> can <what> <scope> through <binding> to <role>", about the binding.
findings(any_of, where, what) := {f |
	some h in holders(any_of, where)
	some v in h.via
	b := bindings[[v.binding.kind, object.get(v.binding, "namespace", ""), v.binding.name]]
	msg := sprintf("%s can %s %s through %s to %s", [subject(h.subject), what, scope(h), inv.ref(b), role(v)])
	f := inv.finding(msg, b, "subjects", subject(h.subject))
}

# named_findings(any_of, named_any_of, where, what) is one warning per holder
# and binding that holds named_any_of but not any_of: a rule that lists the
# objects it grants the verb on ("bind the ClusterRole view"), often a
# deliberate delegation, which a person should confirm.
named_findings(any_of, named_any_of, where, what) := {f |
	plain := {[h.subject, v.binding] | some h in holders(any_of, where); some v in h.via}
	some h in holders(named_any_of, where)
	some v in h.via
	not [h.subject, v.binding] in plain
	b := bindings[[v.binding.kind, object.get(v.binding, "namespace", ""), v.binding.name]]
	msg := sprintf("%s can %s %s, for the objects its rule names only, through %s to %s: confirm they grant no more than the holder has", [subject(h.subject), what, scope(h), inv.ref(b), role(v)])
	f := inv.finding(msg, b, "subjects", subject(h.subject))
}
