package kubeassay.checks.inventory.default_namespace_test

import data.kubeassay.checks.inventory.default_namespace as check

obj(kind, ns, name) := {"apiVersion": "v1", "kind": kind, "metadata": {"name": name, "namespace": ns}}

inv_input(objs) := {
	"objects": {k: [o | some o in objs; o.kind == k] | some k in {o.kind | some o in objs}},
	"by_namespace": {ns: {k: [o | some o in objs; o.kind == k; o.metadata.namespace == ns] | some k in {o.kind | some o in objs}} | some ns in {o.metadata.namespace | some o in objs}},
}

test_application_in_default_fails if {
	fs := check.deny with input as inv_input([obj("ConfigMap", "default", "settings"), obj("ConfigMap", "shop", "settings")])
	{f.msg | some f in fs} == {"ConfigMap settings is in the default namespace"}
}

apiservers(o, labels, managers) := object.union(o, {"metadata": object.union(o.metadata, {"labels": labels, "managedFields": [{"manager": m} | some m in managers]})})

kubernetes_service(managers) := apiservers(obj("Service", "default", "kubernetes"), {"component": "apiserver", "provider": "kubernetes"}, managers)

test_builtin_objects_pass if {
	i := inv_input([kubernetes_service(["kube-apiserver-v1.37.2"]), obj("ServiceAccount", "default", "default"), obj("ConfigMap", "default", "kube-root-ca.crt"), obj("Event", "default", "node-1.1")])
	count(check.deny) == 0 with input as i
	not check.skip with input as i
	not check.unknown with input as i
}

test_a_copy_of_the_kubernetes_service_fails if {
	# Another manager, no labels, an owner: each makes it a copy.
	count(check.deny) == 1 with input as inv_input([kubernetes_service(["kube-apiserver-v1.37.2", "kubectl-edit"])])
	count(check.deny) == 1 with input as inv_input([obj("Service", "default", "kubernetes")])
	owned := object.union(kubernetes_service(["kube-apiserver"]), {"metadata": {"ownerReferences": [{"kind": "Deployment", "name": "x", "apiVersion": "example.com/v1"}]}})
	count(check.deny) == 1 with input as inv_input([owned])
}

test_without_managers_the_kubernetes_service_is_undecided if {
	i := inv_input([kubernetes_service([])])
	check.unknown == "Service/default/kubernetes look like the API server's own but do not say who wrote them (no metadata.managedFields: save objects with kubectl get --show-managed-fields, or with kubeassay snapshot)" with input as i
	count(check.deny) == 0 with input as i
}

test_endpoints_of_a_service_are_reported_through_it if {
	slice := {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "metadata": {"name": "web-x1", "namespace": "default", "ownerReferences": [{"apiVersion": "v1", "kind": "Service", "name": "web", "controller": true}]}}
	i := {
		"objects": {"Service": [obj("Service", "default", "web")], "Endpoints": [obj("Endpoints", "default", "web")], "EndpointSlice.discovery.k8s.io": [slice]},
		"by_namespace": {"default": {"Service": [obj("Service", "default", "web")], "Endpoints": [obj("Endpoints", "default", "web")], "EndpointSlice.discovery.k8s.io": [slice]}},
	}
	{f.msg | some f in check.deny} == {"Service web is in the default namespace"} with input as i
}

test_builtin_name_of_another_kind_fails if {
	count(check.deny) == 1 with input as inv_input([obj("ConfigMap", "default", "kubernetes")])
}

test_kinds_without_a_builtin_object_fail if {
	count(check.deny) == 2 with input as inv_input([obj("Pod", "default", "debug"), obj("Ingress", "default", "web")])
}

test_owned_objects_are_reported_through_their_owner if {
	o := object.union(obj("Pod", "default", "web-1"), {"metadata": {"ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web", "controller": true}]}})
	rs := object.union(obj("ReplicaSet", "default", "web"), {"apiVersion": "apps/v1"})
	{f.msg | some f in check.deny} == {"ReplicaSet web is in the default namespace"} with input as inv_input([o, rs])
}

# kubectl get pods -n default -o yaml: the owner was not read, and the pod
# is reported itself.
test_owned_objects_without_their_owner_are_reported if {
	o := object.union(obj("Pod", "default", "web-1"), {"metadata": {"ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web", "controller": true}]}})
	{f.msg | some f in check.deny} == {"Pod web-1 is in the default namespace"} with input as inv_input([o])
}

test_no_namespace_is_skipped if {
	i := inv_input([obj("ConfigMap", "", "x")])
	check.skip with input as i
	count(check.deny) == 0 with input as i
}

test_objects_elsewhere_only_pass if {
	i := inv_input([obj("ConfigMap", "shop", "settings")])
	count(check.deny) == 0 with input as i
	not check.skip with input as i
}
