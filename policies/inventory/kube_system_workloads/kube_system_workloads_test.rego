package kubeassay.checks.inventory.kube_system_workloads_test

import data.kubeassay.checks.inventory.kube_system_workloads as check

kinds := ["CronJob", "DaemonSet", "Deployment", "Job", "Pod", "ReplicaSet", "ReplicationController", "StatefulSet"]

ns_of(o) := object.get(o, ["metadata", "namespace"], "")

inv_input(objs) := {
	"objects": {k: [o | some o in objs; o.kind == k] | some k in kinds},
	"by_namespace": {ns: {k: [o | some o in objs; o.kind == k; ns_of(o) == ns] | some k in kinds} | some ns in {ns_of(o) | some o in objs}},
	"namespaces": [],
}

deploy(ns, name, labels) := {
	"apiVersion": "apps/v1", "kind": "Deployment",
	"metadata": object.union({"name": name}, {k: v | some k, v in {"namespace": ns}; v != ""}),
	"spec": {"template": {"metadata": {"labels": labels}, "spec": {"containers": [{"name": "c"}]}}},
}

mirror := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "kube-apiserver-cp1", "namespace": "kube-system", "annotations": {"kubernetes.io/config.mirror": "3f2a"}}, "spec": {"containers": [{"name": "kube-apiserver"}]}}

test_workloads_elsewhere_and_static_pods_pass if {
	i := inv_input([deploy("shop", "api", {}), mirror])
	count(check.deny) == 0 with input as i
	count(check.warn) == 0 with input as i
	not check.unknown with input as i
	not check.skip with input as i
}

test_application_in_kube_system_fails if {
	fs := check.deny with input as inv_input([deploy("kube-system", "api", {"app": "api"}), deploy("shop", "web", {})])
	fs == {{
		"msg": "Deployment/kube-system/api runs in kube-system",
		"path": "metadata.namespace",
		"value": "kube-system",
		"resource": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "kube-system", "name": "api"},
	}}
}

test_labelled_add_ons_warn if {
	coredns := deploy("kube-system", "coredns", {"k8s-app": "kube-dns"})
	legacy := json.patch(deploy("kube-system", "dashboard", {}), [{"op": "add", "path": "/metadata/labels", "value": {"kubernetes.io/cluster-service": "true"}}])
	managed := deploy("kube-system", "metrics", {"addonmanager.kubernetes.io/mode": "Reconcile", "k8s-app": "metrics-server"})
	i := inv_input([coredns, legacy, managed])
	count(check.deny) == 0 with input as i
	ws := check.warn with input as i
	{w.msg | some w in ws} == {
		"Deployment/kube-system/coredns runs in kube-system and is labelled as a cluster add-on (k8s-app=kube-dns): confirm it belongs to the cluster",
		"Deployment/kube-system/dashboard runs in kube-system and is labelled as a cluster add-on (kubernetes.io/cluster-service=true): confirm it belongs to the cluster",
		"Deployment/kube-system/metrics runs in kube-system and is labelled as a cluster add-on (k8s-app=metrics-server): confirm it belongs to the cluster",
	}
}

test_cluster_service_false_is_no_add_on if {
	count(check.deny) == 1 with input as inv_input([deploy("kube-system", "x", {"kubernetes.io/cluster-service": "false"})])
}

test_owned_pods_are_left_to_their_controller if {
	ds := {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "proxy", "namespace": "kube-system"}, "spec": {"template": {"metadata": {"labels": {"k8s-app": "kube-proxy"}}, "spec": {}}}}
	pod := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "proxy-abcde", "namespace": "kube-system", "ownerReferences": [{"kind": "DaemonSet", "name": "proxy", "controller": true}]}, "spec": {}}
	ws := check.warn with input as inv_input([ds, pod])
	[w.resource.kind | some w in ws] == ["DaemonSet"]

	# Without its DaemonSet, the Pod is judged itself.
	count(check.deny) == 1 with input as inv_input([pod])
}

test_no_namespace_is_undecided if {
	i := inv_input([deploy("", "api", {}), deploy("shop", "web", {})])
	check.unknown == "1 workload without a namespace could be applied to kube-system: Deployment/api" with input as i
	count(check.deny) == 0 with input as i
}
