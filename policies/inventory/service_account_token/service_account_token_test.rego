package kubeassay.checks.inventory.service_account_token_test

import data.kubeassay.checks.inventory.service_account_token as check

kinds := ["CronJob", "DaemonSet", "Deployment", "Job", "Pod", "ReplicaSet", "ReplicationController", "StatefulSet", "ServiceAccount"]

# inv_input builds the inventory input the engine gives the check.
inv_input(objs) := {
	"objects": {k: [o | some o in objs; o.kind == k] | some k in kinds},
	"by_namespace": {ns: {k: l |
		some k in kinds
		l := [o | some o in objs; o.kind == k; object.get(o, ["metadata", "namespace"], "") == ns]
		count(l) > 0
	} |
		some o in objs
		ns := object.get(o, ["metadata", "namespace"], "")
		ns != ""
	},
	"namespaces": [],
}

sa(ns, name, automount) := object.union(
	{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name, "namespace": ns}},
	{k: v | some k, v in {"automountServiceAccountToken": automount}; v != null},
)

deploy(ns, name, spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": ns}, "spec": {"template": {"spec": spec}}}

app := {"containers": [{"name": "app"}]}

test_template_or_account_opting_out_passes if {
	i := inv_input([
		deploy("shop", "a", object.union(app, {"automountServiceAccountToken": false})),
		deploy("shop", "b", object.union(app, {"serviceAccountName": "web"})),
		deploy("shop", "c", app),
		sa("shop", "web", false),
		sa("shop", "default", false),
	])
	count(check.deny) == 0 with input as i
	not check.unknown with input as i
	not check.skip with input as i
}

test_template_asking_for_the_token_fails_even_with_account_off if {
	fs := check.deny with input as inv_input([deploy("shop", "a", object.union(app, {"automountServiceAccountToken": true})), sa("shop", "default", false)])
	fs == {{
		"msg": `Deployment/shop/a mounts a service account token: its pod template sets automountServiceAccountToken: true (ServiceAccount "default")`,
		"path": "spec.template.spec.automountServiceAccountToken",
		"value": true,
		"resource": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "a"},
	}}
}

test_account_that_mounts_fails if {
	fs := check.deny with input as inv_input([deploy("shop", "a", object.union(app, {"serviceAccountName": "web"})), sa("shop", "web", null), sa("shop", "default", false)])
	[f.msg | some f in fs] == [`Deployment/shop/a mounts the token of ServiceAccount "web": neither its pod template nor the ServiceAccount sets automountServiceAccountToken: false`]
	fs2 := check.deny with input as inv_input([deploy("shop", "a", app), sa("shop", "default", true)])
	count(fs2) == 1
}

test_account_not_read_is_undecided_never_a_guess if {
	i := inv_input([deploy("shop", "a", app), deploy("shop", "b", object.union(app, {"serviceAccountName": "web"})), sa("other", "default", false)])
	count(check.deny) == 0 with input as i
	check.unknown == "whether a service account token is mounted is not known for 2 workloads: Deployment/shop/a (ServiceAccount shop/default was not read), Deployment/shop/b (ServiceAccount shop/web was not read)" with input as i
}

test_no_namespace_is_undecided if {
	i := inv_input([{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a"}, "spec": {"template": {"spec": app}}}, sa("shop", "default", false)])
	check.unknown == `whether a service account token is mounted is not known for 1 workload: Deployment/a (no namespace set, so its ServiceAccount "default" is not known)` with input as i
}

test_failure_and_undecided_together if {
	i := inv_input([deploy("shop", "a", object.union(app, {"automountServiceAccountToken": true})), deploy("shop", "b", app)])
	count(check.deny) == 1 with input as i
	check.unknown with input as i
}

test_owned_objects_are_reported_once_by_their_owner if {
	rs := {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "a-1", "namespace": "shop", "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "a", "controller": true}]}, "spec": {"template": {"spec": app}}}
	pod := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a-1-x", "namespace": "shop", "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "a-1", "controller": true}]}, "spec": app}
	fs := check.deny with input as inv_input([deploy("shop", "a", app), rs, pod, sa("shop", "default", null)])
	[f.resource.kind | some f in fs] == ["Deployment"]
}

test_pod_with_token_volume_mounts_whatever_the_account if {
	vol := {"name": "kube-api-access-x7k2p", "projected": {"sources": [{"serviceAccountToken": {"path": "token"}}, {"configMap": {"name": "kube-root-ca.crt"}}]}}
	pod := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "shop"}, "spec": {"serviceAccountName": "default", "containers": [{"name": "c"}], "volumes": [{"name": "data", "emptyDir": {}}, vol]}}
	i := inv_input([pod])
	fs := check.deny with input as i
	fs == {{
		"msg": `Pod/shop/p mounts a service account token (volume "kube-api-access-x7k2p", ServiceAccount "default")`,
		"path": "spec.volumes[1]",
		"value": "kube-api-access-x7k2p",
		"resource": {"apiVersion": "v1", "kind": "Pod", "namespace": "shop", "name": "p"},
	}}
	not check.unknown with input as i
}

test_static_pods_and_service_accounts_alone_skip if {
	mirror := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "etcd-cp1", "namespace": "kube-system", "annotations": {"kubernetes.io/config.mirror": "abc"}}, "spec": app}
	check.skip with input as inv_input([mirror])
	check.skip with input as inv_input([sa("shop", "default", null)])
}

test_long_lists_are_cut if {
	i := inv_input([deploy("shop", sprintf("d%02d", [n]), app) | some n in numbers.range(1, 25)])
	endswith(check.unknown, "Deployment/shop/d20 (ServiceAccount shop/default was not read) and 5 more") with input as i
}


test_a_setting_that_is_not_a_boolean_is_undecided if {
	i := inv_input([deploy("shop", "a", object.union(app, {"automountServiceAccountToken": "true"})), sa("shop", "default", false)])
	count(check.deny) == 0 with input as i
	check.unknown == `whether a service account token is mounted is not known for 1 workload: Deployment/shop/a (its pod template sets automountServiceAccountToken to "true", which is not a boolean)` with input as i
}
