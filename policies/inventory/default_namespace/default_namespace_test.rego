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

test_builtin_objects_pass if {
	i := inv_input([obj("Service", "default", "kubernetes"), obj("ServiceAccount", "default", "default"), obj("ConfigMap", "default", "kube-root-ca.crt")])
	count(check.deny) == 0 with input as i
	not check.skip with input as i
}

test_builtin_name_of_another_kind_fails if {
	count(check.deny) == 1 with input as inv_input([obj("ConfigMap", "default", "kubernetes")])
}

test_kinds_without_a_builtin_object_fail if {
	count(check.deny) == 2 with input as inv_input([obj("Pod", "default", "debug"), obj("Ingress", "default", "web")])
}

test_owned_objects_are_reported_through_their_owner if {
	o := object.union(obj("Pod", "default", "web-1"), {"metadata": {"ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web", "controller": true}]}})
	count(check.deny) == 0 with input as inv_input([o])
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
