package kubeassay.lib.workloads_test

import data.kubeassay.lib.workloads as w

deploy := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api", "namespace": "shop", "uid": "d1"}, "spec": {"template": {"metadata": {"labels": {"app": "api"}}, "spec": {"containers": [{"name": "api"}]}}}}

rs := {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "api-5d9", "namespace": "shop", "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "api", "controller": true}]}, "spec": {"template": {"spec": {}}}}

pod := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "api-5d9-x", "namespace": "shop", "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "api-5d9", "controller": true}]}, "spec": {"containers": []}}

objects(list) := {"objects": {k: [o | some o in list; o.kind == k] | some k in w.kinds}}

test_owned_objects_are_left_to_their_owner if {
	w.judged == [deploy] with input as objects([deploy, rs, pod])
}

test_owner_not_read_judges_the_object if {
	w.judged == [pod] with input as objects([pod])
	w.judged == [rs] with input as objects([rs, pod])
}

test_owner_of_another_kind_or_namespace_does_not_count if {
	rollout_rs := json.patch(rs, [{"op": "replace", "path": "/metadata/ownerReferences/0/kind", "value": "Rollout"}])
	w.judged == [rollout_rs] with input as objects([rollout_rs])
	other := json.patch(deploy, [{"op": "replace", "path": "/metadata/namespace", "value": "other"}])
	count(w.judged) == 2 with input as objects([other, rs])
	not_controller := json.patch(rs, [{"op": "replace", "path": "/metadata/ownerReferences/0/controller", "value": false}])
	count(w.judged) == 2 with input as objects([deploy, not_controller])
}

test_owner_of_the_same_kind_name_in_another_group_does_not_count if {
	# A Deployment of another API group than apps, or one named without
	# apiVersion, is not the workload the ReplicaSet would be left to.
	some v in ["example.com/v1", "v1", ""]
	other_group := json.patch(rs, [{"op": "replace", "path": "/metadata/ownerReferences/0/apiVersion", "value": v}])
	count(w.judged) == 2 with input as objects([deploy, other_group])
	not w.workload_controller(other_group)
	w.workload_controller(rs).name == "api"
}

test_template_and_paths if {
	w.spec(deploy) == {"containers": [{"name": "api"}]}
	w.spec_path(deploy) == "spec.template.spec"
	w.spec_path(pod) == "spec"
	w.template_labels(deploy) == {"app": "api"}
	w.template_labels(pod) == {}
	cj := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"x": 1}}}}}}
	w.spec(cj) == {"x": 1}
	w.spec_path(cj) == "spec.jobTemplate.spec.template.spec"
	w.spec({"kind": "Deployment", "spec": {"template": null}}) == {}
}

test_mirror_pod if {
	w.mirror_pod({"kind": "Pod", "metadata": {"annotations": {"kubernetes.io/config.mirror": "abc"}}})
	not w.mirror_pod(pod)
}

test_root_follows_two_levels if {
	i := objects([deploy, rs, pod])
	w.root_key(pod) == w.key(deploy) with input as i
	w.root_key(rs) == w.key(deploy) with input as i
	w.root_key(deploy) == w.key(deploy) with input as i
	w.root_key(pod) == w.key(rs) with input as objects([rs, pod])
	w.root_key(pod) == w.key(pod) with input as objects([pod])
}

test_an_object_read_twice_is_no_conflict if {
	w.judged == [deploy, deploy] with input as objects([deploy, deploy, rs])
	w.root_key(rs) == w.key(deploy) with input as objects([deploy, deploy, rs])
}
