# METADATA
# title: The default namespace is not used
# description: |
#   Objects created without a namespace land in default, where they share RBAC,
#   quotas and network policies with whatever else landed there. Every object of
#   every namespaced kind in namespace default is reported, as the benchmark's
#   audit lists them: workloads, Services, ConfigMaps, Secrets (read as metadata
#   only), Roles and RoleBindings, PersistentVolumeClaims, Leases,
#   HorizontalPodAutoscalers, PodDisruptionBudgets, custom resources and the rest.
#   From a cluster, every namespaced kind the API server serves is listed in
#   default only, as metadata; a kind that could not be listed there makes the
#   control ERROR unless something fails.
#
#   Exempt is only what Kubernetes itself makes there: the ServiceAccount
#   default and the ConfigMap kube-root-ca.crt (their controllers make one in
#   every namespace); the Service kubernetes, its Endpoints and its EndpointSlice
#   when they carry the API server's labels, have no owner and were written by
#   the API server alone (metadata.managedFields names kube-apiserver as their
#   only manager); and Events, the cluster's records of what happened. An
#   object that only copies the name or the labels is reported; one whose
#   managedFields were not saved (kubectl get without --show-managed-fields)
#   cannot be told from a copy, and leaves the control undecided. The
#   Endpoints and EndpointSlices of another Service in default are reported
#   through that Service. Objects a workload controls (a ReplicaSet's pods, a
#   Deployment's ReplicaSets) are reported through their owner when the owner
#   is in the input too; objects whose owner was not read (kubectl get pods
#   alone), or whose controller is of another kind (an operator's pods), are
#   reported themselves.
#   Objects in a manifest without metadata.namespace are not judged: where they
#   land depends on how they are applied; when they are all there is to judge,
#   the check is SKIP.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
#     description: Kubernetes documentation, namespaces
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.6.4)
# custom:
#   id: KA-INV-027
#   severity: low
#   subject: inventory
#   kinds: ["*"]
#   namespaces: [default]
#   remediation: |
#     Move the objects listed into namespaces of their own (one per application
#     or team, with its own RBAC, quotas and network policies), and give every
#     kubeconfig context a namespace so that nothing lands in default by mistake.
package kubeassay.checks.inventory.default_namespace

import data.kubeassay.lib.inventory as inv
import data.kubeassay.lib.workloads as wl

# Objects a controller of Kubernetes makes in every namespace, by kind.
per_namespace := {
	"ServiceAccount": "default",
	"ConfigMap": "kube-root-ca.crt",
}

# The labels the API server gives the kubernetes Service, its Endpoints and
# its EndpointSlice (Kubernetes 1.37), by kind as the input names it.
apiserver_labels := {
	"Service": {"component": "apiserver", "provider": "kubernetes"},
	"Endpoints": {"endpointslice.kubernetes.io/skip-mirror": "true"},
	"EndpointSlice.discovery.k8s.io": {"kubernetes.io/service-name": "kubernetes"},
}

# Events are the cluster's records, not objects anyone keeps in default.
records := {"Event", "Event.events.k8s.io"}

kinds := [k | some k, _ in input.objects; not k in records]

# in_default is [kind, object] for every object in default.
in_default := [[kind, obj] | some kind in kinds; some obj in inv.in_namespace("default", kind)]

unplaced := [obj | some kind in kinds; some obj in inv.in_namespace("", kind)]

# owned(obj): obj's controller is a workload kind, and is in default in the
# input (the finding is the owner's).
owned(obj) if {
	ref := wl.workload_controller(obj)
	[ref.kind, object.get(ref, "name", "")] in present
}

present := {[obj.kind, object.get(obj, ["metadata", "name"], "")] | some [_, obj] in in_default}

kubernetes_own(kind, obj) if per_namespace[kind] == obj.metadata.name

kubernetes_own(kind, obj) if {
	looks_like_apiservers(kind, obj)
	managers := managers_of(obj)
	count(managers) > 0
	every m in managers {
		startswith(m, "kube-apiserver")
	}
}

# looks_like_apiservers(kind, obj): the name, labels and (no) owner of one
# of the API server's own objects.
looks_like_apiservers(kind, obj) if {
	obj.metadata.name == "kubernetes"
	want := apiserver_labels[kind]
	labels := object.get(obj, ["metadata", "labels"], {})
	every k, v in want {
		labels[k] == v
	}
	count(object.get(obj, ["metadata", "ownerReferences"], [])) == 0
}

managers_of(obj) := [object.get(e, "manager", "") | some e in object.get(obj, ["metadata", "managedFields"], [])]

# Objects that look like the API server's but do not say who wrote them.
untold contains inv.ref(obj) if {
	some [kind, obj] in in_default
	looks_like_apiservers(kind, obj)
	count(managers_of(obj)) == 0
}

# through_service(kind, obj): the Endpoints or an EndpointSlice of a Service
# in default (other than kubernetes, whose own are judged above), reported
# through that Service.
services := {s.metadata.name | some s in inv.in_namespace("default", "Service"); s.metadata.name != "kubernetes"}

through_service("Endpoints", obj) if obj.metadata.name in services

through_service("EndpointSlice.discovery.k8s.io", obj) if {
	some ref in object.get(obj, ["metadata", "ownerReferences"], [])
	object.get(ref, "controller", false) == true
	ref.kind == "Service"
	object.get(ref, "apiVersion", "") == "v1"
	ref.name in services
}

# The check reads only default and the objects that name no namespace
# (custom.namespaces). With nothing in default but objects that name none,
# where those land depends on how they are applied: not the check's to judge.
skip := "the objects in the input that could be in default name no namespace: where they land depends on how they are applied" if {
	count(in_default) == 0
	count(unplaced) > 0
}

unknown := sprintf("%s look like the API server's own but do not say who wrote them (no metadata.managedFields: save objects with kubectl get --show-managed-fields, or with kubeassay snapshot)", [concat(", ", sort(untold))]) if {
	count(untold) > 0
}

deny contains inv.finding(msg, obj, "metadata.namespace", "default") if {
	some [kind, obj] in in_default
	not owned(obj)
	not kubernetes_own(kind, obj)
	not through_service(kind, obj)
	not obj_untold(obj)
	msg := sprintf("%s %s is in the default namespace", [obj.kind, obj.metadata.name])
}

obj_untold(obj) if inv.ref(obj) in untold
