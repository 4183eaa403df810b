# METADATA
# title: Workload helpers for inventory checks
# description: |
#   An inventory check that lists the workload kinds sees every object as it
#   was read: a Deployment, its ReplicaSets and their Pods are three objects.
#   judged is the workloads to report on, one per controller: an object whose
#   controller (the ownerReference with controller: true) is a workload kind
#   and is itself in the input is left to its owner, so one Deployment is
#   reported once; an object whose owner was not read (a scan of Pods alone, an
#   owner of another kind such as an Argo Rollout) is judged itself. template
#   and spec_path find the pod template of any workload kind, like the pod
#   helpers in kubernetes.rego, but for any object rather than input.
package kubeassay.lib.workloads

import data.kubeassay.lib.inventory as inv
import data.kubeassay.lib.kubernetes as k8s

# kinds are the workload kinds, named as in custom.kinds.
kinds := {k | some k, _ in k8s.template_paths}

# all is every workload object of the input, in the input's order by kind.
all := [w | some k in sort(kinds); some w in inv.objects(k)]

namespace(obj) := object.get(obj, ["metadata", "namespace"], "")

# key(w) is [namespace, kind, name] of a workload.
key(w) := [namespace(w), w.kind, object.get(w, ["metadata", "name"], "")]

# present holds the key of every workload read.
# present, parents and the checks' indexes are whole values built by
# comprehensions, once: a partial rule (present contains ...) would be
# evaluated again, over every object, at each lookup of one key.
present := {key(w) | some w in all}

# parent_key(obj) is the key of the workload that controls obj, when that
# workload is in the input (lookups by key keep the checks linear).
parent_key(obj) := k if {
	ref := workload_controller(obj)
	k := [namespace(obj), ref.kind, object.get(ref, "name", "")]
	k in present
}

# groups are the API groups of the workload kinds: an ownerReference names a
# workload only with the right group (a Volcano Job, batch.volcano.sh, is not
# a Job), as the engine decides which objects custom.skip_owned leaves out.
groups := {
	"Pod": "",
	"ReplicationController": "",
	"Deployment": "apps",
	"ReplicaSet": "apps",
	"StatefulSet": "apps",
	"DaemonSet": "apps",
	"Job": "batch",
	"CronJob": "batch",
}

api_group(api_version) := g if {
	contains(api_version, "/")
	g := split(api_version, "/")[0]
} else := ""

# workload_controller(obj) is obj's controller reference when the controller
# is a workload kind; an object controlled by anything else (an operator's
# StrimziPodSet) has none, and is judged itself.
workload_controller(obj) := ref if {
	ref := controller(obj)
	kind := object.get(ref, "kind", "")
	groups[kind] == api_group(object.get(ref, "apiVersion", ""))
}

controller(obj) := ref if {
	some ref in object.get(obj, ["metadata", "ownerReferences"], [])
	is_object(ref)
	object.get(ref, "controller", false) == true
}

# parents[k] is the key of the controller of the workload with key k.
parents := {key(w): parent_key(w) | some w in all; parent_key(w)}

owned(obj) if parent_key(obj)

# root_key(obj) is the key of obj's top-level controller in the input (two
# levels: Pod -> ReplicaSet -> Deployment, Pod -> Job -> CronJob), or obj's.
root_key(obj) := r if {
	p := parent_key(obj)
	r := parents[p]
} else := p if {
	p := parent_key(obj)
} else := key(obj)

judged := [w | some w in all; not owned(w)]

# mirror_pod(obj) holds for the API server's copy of a static pod, which the
# kubelet runs from a file on the node.
mirror_pod(obj) if {
	obj.kind == "Pod"
	object.get(obj, ["metadata", "annotations", "kubernetes.io/config.mirror"], null) != null
}

# template(obj) is the object holding the pod template's metadata and spec
# (the Pod itself for a Pod), or {}.
template(obj) := obj if obj.kind == "Pod"

else := t if {
	t := object.get(obj, k8s.template_paths[obj.kind], {})
	is_object(t)
} else := {}

# spec(obj) is the pod template's spec, or {}.
spec(obj) := s if {
	s := object.get(template(obj), "spec", {})
	is_object(s)
} else := {}

# spec_path(obj) is the path of the pod spec: "spec", "spec.template.spec".
spec_path(obj) := concat(".", array.concat(k8s.template_paths[obj.kind], ["spec"]))

# template_labels(obj) is the pod template's labels, or {}.
template_labels(obj) := l if {
	l := object.get(template(obj), ["metadata", "labels"], {})
	is_object(l)
} else := {}

# ref(obj) names a workload in messages: Deployment/shop/api.
ref(obj) := inv.ref(obj)
