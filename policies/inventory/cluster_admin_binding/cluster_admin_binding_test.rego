package kubeassay.checks.inventory.cluster_admin_binding_test

import data.kubeassay.checks.inventory.cluster_admin_binding as check

crb(name, role, subjects) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
	"metadata": {"name": name},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
	"subjects": subjects,
}

rb(ns, name, role_kind, role, subjects) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
	"metadata": {"name": name, "namespace": ns},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role},
	"subjects": subjects,
}

masters := {"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": "system:masters"}

inv_input(crbs, rbs) := {"objects": {"ClusterRoleBinding": crbs, "RoleBinding": rbs}, "by_namespace": {}, "namespaces": []}

test_builtin_binding_passes if {
	count(check.deny) == 0 with input as inv_input([crb("cluster-admin", "cluster-admin", [masters])], [])
}

test_other_roles_pass if {
	i := inv_input(
		[crb("view", "view", [{"kind": "User", "name": "alice"}])],
		[rb("a", "edit", "ClusterRole", "edit", [{"kind": "User", "name": "bob"}]), rb("a", "r", "Role", "cluster-admin", [{"kind": "User", "name": "bob"}])],
	)
	count(check.deny) == 0 with input as i
}

test_extra_cluster_admin_binding_fails_naming_subjects if {
	i := inv_input([
		crb("cluster-admin", "cluster-admin", [masters]),
		crb("ops-admin", "cluster-admin", [{"kind": "User", "name": "alice"}, {"kind": "ServiceAccount", "name": "deployer", "namespace": "ci"}]),
	], [])
	fs := check.deny with input as i
	count(fs) == 1
	some f in fs
	f.msg == `ClusterRoleBinding/ops-admin grants cluster-admin to ServiceAccount "ci/deployer", User "alice"`
	f.resource == {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "namespace": "", "name": "ops-admin"}
}

test_rolebinding_to_cluster_admin_fails_naming_namespace if {
	i := inv_input([], [rb("team-a", "admins", "ClusterRole", "cluster-admin", [{"kind": "Group", "name": "team-a-admins"}])])
	fs := check.deny with input as i
	some f in fs
	f.msg == `RoleBinding/team-a/admins grants cluster-admin to Group "team-a-admins"`
	f.resource.namespace == "team-a"
}

test_builtin_binding_with_extra_subject_fails if {
	i := inv_input([crb("cluster-admin", "cluster-admin", [masters, {"kind": "User", "name": "mallory"}])], [])
	fs := check.deny with input as i
	some f in fs
	f.msg == `ClusterRoleBinding/cluster-admin grants cluster-admin to User "mallory"`
}

test_binding_without_subjects_passes if {
	count(check.deny) == 0 with input as inv_input([crb("unused", "cluster-admin", [])], [])
	count(check.deny) == 0 with input as inv_input([{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "x"}, "roleRef": {"kind": "ClusterRole", "name": "cluster-admin"}}], [])
}
