package kubeassay.lib.rbac_test

import data.kubeassay.lib.rbac

crb := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
	"metadata": {"name": "ops"}, "roleRef": {"kind": "ClusterRole", "name": "ops"},
}

rb := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
	"metadata": {"name": "deployer", "namespace": "team-a"}, "roleRef": {"kind": "ClusterRole", "name": "edit"},
}

builtin_crb := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
	"metadata": {"name": "system:kube-controller-manager", "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"}},
	"roleRef": {"kind": "ClusterRole", "name": "system:kube-controller-manager"},
}

objects := {"objects": {"ClusterRoleBinding": [crb, builtin_crb], "RoleBinding": [rb]}}

holders_answer := [
	{
		"subject": {"kind": "User", "name": "alice", "namespace": ""}, "scope": "cluster", "system": false,
		"via": [{"binding": {"kind": "ClusterRoleBinding", "namespace": "", "name": "ops"}, "role": {"kind": "ClusterRole", "namespace": "", "name": "ops"}, "aggregatedFrom": ""}],
	},
	{
		"subject": {"kind": "ServiceAccount", "name": "ci", "namespace": "team-a"}, "scope": "team-a", "system": false,
		"via": [{"binding": {"kind": "RoleBinding", "namespace": "team-a", "name": "deployer"}, "role": {"kind": "ClusterRole", "namespace": "", "name": "edit"}, "aggregatedFrom": "secret-reader"}],
	},
	{
		"subject": {"kind": "ServiceAccount", "name": "kcm", "namespace": "kube-system"}, "scope": "cluster", "system": true,
		"via": [{"binding": {"kind": "ClusterRoleBinding", "namespace": "", "name": "system:kube-controller-manager"}, "role": {"kind": "ClusterRole", "namespace": "", "name": "system:kube-controller-manager"}, "aggregatedFrom": ""}],
	},
	{
		# A system subject given the permission by a binding of someone
		# else's (tiller in kube-system, say) is reported for that grant.
		"subject": {"kind": "ServiceAccount", "name": "tiller", "namespace": "kube-system"}, "scope": "cluster", "system": true,
		"via": [
			{"binding": {"kind": "ClusterRoleBinding", "namespace": "", "name": "system:kube-controller-manager"}, "role": {"kind": "ClusterRole", "namespace": "", "name": "system:kube-controller-manager"}, "aggregatedFrom": ""},
			{"binding": {"kind": "ClusterRoleBinding", "namespace": "", "name": "ops"}, "role": {"kind": "ClusterRole", "namespace": "", "name": "ops"}, "aggregatedFrom": ""},
		],
	},
]

mock(_) := holders_answer

test_each_expands_verbs_and_resources if {
	rbac.each(["get", "list"], "", ["secrets"]) == [[{"verb": "get", "group": "", "resource": "secrets"}], [{"verb": "list", "group": "", "resource": "secrets"}]]
}

test_findings_name_subject_binding_and_role if {
	fs := rbac.findings([], "anywhere", "read Secrets") with input as objects with kubeassay.rbac.holders as mock
	msgs := {f.msg | some f in fs}
	msgs == {
		"User alice can read Secrets cluster-wide through ClusterRoleBinding/ops to ClusterRole ops",
		"ServiceAccount team-a/ci can read Secrets in namespace team-a through RoleBinding/team-a/deployer to ClusterRole edit, rule aggregated from ClusterRole secret-reader",
		"ServiceAccount kube-system/tiller can read Secrets cluster-wide through ClusterRoleBinding/ops to ClusterRole ops",
	}
	some f in fs
	f.resource == {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "namespace": "team-a", "name": "deployer"}
}

test_system_subjects_are_left_aside_for_what_kubernetes_gives_them if {
	hs := rbac.holders([], "anywhere") with input as objects with kubeassay.rbac.holders as mock
	[h.subject.name | some h in hs] == ["alice", "ci", "tiller"]
	some h in hs
	h.subject.name == "tiller"
	[v.binding.name | some v in h.via] == ["ops"]
	# The label alone does not make a binding Kubernetes' own.
	forged := json.patch(crb, [{"op": "add", "path": "/metadata/labels", "value": {"kubernetes.io/bootstrapping": "rbac-defaults"}}])
	hs2 := rbac.holders([], "anywhere") with input as {"objects": {"ClusterRoleBinding": [forged, builtin_crb], "RoleBinding": [rb]}} with kubeassay.rbac.holders as mock
	"tiller" in {h.subject.name | some h in hs2}
	# Nor do the label and a system: name (review 16, finding 8): the
	# binding must be one the API server makes, to its own role.
	borrowed := json.patch(builtin_crb, [{"op": "replace", "path": "/roleRef/name", "value": "secret-reader"}])
	hs3 := rbac.holders([], "anywhere") with input as {"objects": {"ClusterRoleBinding": [crb, borrowed], "RoleBinding": [rb]}} with kubeassay.rbac.holders as mock
	[v.binding.name | some h in hs3; h.subject.name == "kcm"; some v in h.via] == ["system:kube-controller-manager"]
	tiller_name := json.patch(builtin_crb, [{"op": "replace", "path": "/metadata/name", "value": "system:helm-tiller"}, {"op": "replace", "path": "/roleRef/name", "value": "system:helm-tiller"}])
	not rbac.builtin_binding({"kind": "ClusterRoleBinding", "name": "system:helm-tiller"}) with input as {"objects": {"ClusterRoleBinding": [tiller_name], "RoleBinding": []}}
	rbac.builtin_binding({"kind": "ClusterRoleBinding", "name": "system:kube-controller-manager"}) with input as objects
}

test_binding_not_in_input_is_not_reported_silently if {
	# A grant through a binding that is not among the objects cannot become a
	# finding about an object; the engine reports such holders' bindings as read.
	fs := rbac.findings([], "anywhere", "read Secrets") with input as {"objects": {"ClusterRoleBinding": [], "RoleBinding": [rb]}} with kubeassay.rbac.holders as mock
	count(fs) == 1
}
