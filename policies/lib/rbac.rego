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
# reconciles (bootstrap_bindings).
builtin_binding(ref) if {
	ns := object.get(ref, "namespace", "")
	b := bindings[[ref.kind, ns, ref.name]]
	object.get(b, ["metadata", "labels", "kubernetes.io/bootstrapping"], "") == "rbac-defaults"
	role_kind := {"ClusterRoleBinding": "ClusterRole", "RoleBinding": "Role"}[ref.kind]
	object.get(b, ["roleRef", "kind"], "") == role_kind
	[ref.kind, ns, ref.name, object.get(b, ["roleRef", "name"], "")] in bootstrap_bindings
}

# bootstrap_bindings are the bindings the API server creates and reconciles
# (labelled kubernetes.io/bootstrapping=rbac-defaults), as [kind, namespace,
# name, role]: listed from a kube-apiserver v1.37.2 with no other component.
# A binding counts as built in only when its kind, namespace, name and
# roleRef all match one of them and it carries the label: a binding that
# only borrows the label and a system: name (system:helm-tiller bound to a
# role of one's own) is anyone's. A binding a later Kubernetes adds is
# reported until it is listed here, never hidden.
bootstrap_bindings := {
	["ClusterRoleBinding", "", "cluster-admin", "cluster-admin"],
	["ClusterRoleBinding", "", "system:basic-user", "system:basic-user"],
	["ClusterRoleBinding", "", "system:cluster-trust-bundle-discovery", "system:cluster-trust-bundle-discovery"],
	["ClusterRoleBinding", "", "system:controller:attachdetach-controller", "system:controller:attachdetach-controller"],
	["ClusterRoleBinding", "", "system:controller:certificate-controller", "system:controller:certificate-controller"],
	["ClusterRoleBinding", "", "system:controller:clusterrole-aggregation-controller", "system:controller:clusterrole-aggregation-controller"],
	["ClusterRoleBinding", "", "system:controller:cronjob-controller", "system:controller:cronjob-controller"],
	["ClusterRoleBinding", "", "system:controller:daemon-set-controller", "system:controller:daemon-set-controller"],
	["ClusterRoleBinding", "", "system:controller:deployment-controller", "system:controller:deployment-controller"],
	["ClusterRoleBinding", "", "system:controller:device-taint-eviction-controller", "system:controller:device-taint-eviction-controller"],
	["ClusterRoleBinding", "", "system:controller:disruption-controller", "system:controller:disruption-controller"],
	["ClusterRoleBinding", "", "system:controller:endpoint-controller", "system:controller:endpoint-controller"],
	["ClusterRoleBinding", "", "system:controller:endpointslice-controller", "system:controller:endpointslice-controller"],
	["ClusterRoleBinding", "", "system:controller:endpointslicemirroring-controller", "system:controller:endpointslicemirroring-controller"],
	["ClusterRoleBinding", "", "system:controller:ephemeral-volume-controller", "system:controller:ephemeral-volume-controller"],
	["ClusterRoleBinding", "", "system:controller:expand-controller", "system:controller:expand-controller"],
	["ClusterRoleBinding", "", "system:controller:generic-garbage-collector", "system:controller:generic-garbage-collector"],
	["ClusterRoleBinding", "", "system:controller:horizontal-pod-autoscaler", "system:controller:horizontal-pod-autoscaler"],
	["ClusterRoleBinding", "", "system:controller:job-controller", "system:controller:job-controller"],
	["ClusterRoleBinding", "", "system:controller:kube-apiserver-serving-clustertrustbundle-publisher", "system:controller:kube-apiserver-serving-clustertrustbundle-publisher"],
	["ClusterRoleBinding", "", "system:controller:legacy-service-account-token-cleaner", "system:controller:legacy-service-account-token-cleaner"],
	["ClusterRoleBinding", "", "system:controller:namespace-controller", "system:controller:namespace-controller"],
	["ClusterRoleBinding", "", "system:controller:node-controller", "system:controller:node-controller"],
	["ClusterRoleBinding", "", "system:controller:persistent-volume-binder", "system:controller:persistent-volume-binder"],
	["ClusterRoleBinding", "", "system:controller:pod-garbage-collector", "system:controller:pod-garbage-collector"],
	["ClusterRoleBinding", "", "system:controller:podcertificaterequestcleaner", "system:controller:podcertificaterequestcleaner"],
	["ClusterRoleBinding", "", "system:controller:pv-protection-controller", "system:controller:pv-protection-controller"],
	["ClusterRoleBinding", "", "system:controller:pvc-protection-controller", "system:controller:pvc-protection-controller"],
	["ClusterRoleBinding", "", "system:controller:replicaset-controller", "system:controller:replicaset-controller"],
	["ClusterRoleBinding", "", "system:controller:replication-controller", "system:controller:replication-controller"],
	["ClusterRoleBinding", "", "system:controller:resource-claim-controller", "system:controller:resource-claim-controller"],
	["ClusterRoleBinding", "", "system:controller:resourcequota-controller", "system:controller:resourcequota-controller"],
	["ClusterRoleBinding", "", "system:controller:root-ca-cert-publisher", "system:controller:root-ca-cert-publisher"],
	["ClusterRoleBinding", "", "system:controller:route-controller", "system:controller:route-controller"],
	["ClusterRoleBinding", "", "system:controller:selinux-warning-controller", "system:controller:selinux-warning-controller"],
	["ClusterRoleBinding", "", "system:controller:service-account-controller", "system:controller:service-account-controller"],
	["ClusterRoleBinding", "", "system:controller:service-cidrs-controller", "system:controller:service-cidrs-controller"],
	["ClusterRoleBinding", "", "system:controller:service-controller", "system:controller:service-controller"],
	["ClusterRoleBinding", "", "system:controller:statefulset-controller", "system:controller:statefulset-controller"],
	["ClusterRoleBinding", "", "system:controller:storage-version-migrator-controller", "system:controller:storage-version-migrator-controller"],
	["ClusterRoleBinding", "", "system:controller:ttl-after-finished-controller", "system:controller:ttl-after-finished-controller"],
	["ClusterRoleBinding", "", "system:controller:ttl-controller", "system:controller:ttl-controller"],
	["ClusterRoleBinding", "", "system:controller:validatingadmissionpolicy-status-controller", "system:controller:validatingadmissionpolicy-status-controller"],
	["ClusterRoleBinding", "", "system:controller:volumeattributesclass-protection-controller", "system:controller:volumeattributesclass-protection-controller"],
	["ClusterRoleBinding", "", "system:discovery", "system:discovery"],
	["ClusterRoleBinding", "", "system:kube-controller-manager", "system:kube-controller-manager"],
	["ClusterRoleBinding", "", "system:kube-dns", "system:kube-dns"],
	["ClusterRoleBinding", "", "system:kube-scheduler", "system:kube-scheduler"],
	["ClusterRoleBinding", "", "system:monitoring", "system:monitoring"],
	["ClusterRoleBinding", "", "system:node", "system:node"],
	["ClusterRoleBinding", "", "system:node-proxier", "system:node-proxier"],
	["ClusterRoleBinding", "", "system:public-info-viewer", "system:public-info-viewer"],
	["ClusterRoleBinding", "", "system:service-account-issuer-discovery", "system:service-account-issuer-discovery"],
	["ClusterRoleBinding", "", "system:volume-scheduler", "system:volume-scheduler"],
	["RoleBinding", "kube-public", "system:controller:bootstrap-signer", "system:controller:bootstrap-signer"],
	["RoleBinding", "kube-system", "system::extension-apiserver-authentication-reader", "extension-apiserver-authentication-reader"],
	["RoleBinding", "kube-system", "system::leader-locking-kube-controller-manager", "system::leader-locking-kube-controller-manager"],
	["RoleBinding", "kube-system", "system::leader-locking-kube-scheduler", "system::leader-locking-kube-scheduler"],
	["RoleBinding", "kube-system", "system:controller:bootstrap-signer", "system:controller:bootstrap-signer"],
	["RoleBinding", "kube-system", "system:controller:cloud-provider", "system:controller:cloud-provider"],
	["RoleBinding", "kube-system", "system:controller:token-cleaner", "system:controller:token-cleaner"],
}

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

# risk_findings(risk) is findings over every part of a check's risk: a
# list of {"what", "where", "any_of"}. A check that defines `risk` is one of
# the RBAC risks `kubeassay rbac risks` lists, with the check's id, title,
# severity and description: the one definition of what the risk is.
risk_findings(risk) := {f |
	some part in risk
	some f in findings(part.any_of, part.where, part.what)
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
