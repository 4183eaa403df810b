# METADATA
# title: The default namespace is not used
# description: |
#   Objects created without a namespace land in default, where they share RBAC,
#   quotas and network policies with whatever else landed there. Every workload,
#   Service, ConfigMap, ServiceAccount and Ingress in namespace default is
#   reported (not Secrets: listing them would need a right to read their values,
#   which the scanner's role does not have), except what Kubernetes puts there itself: the
#   Service kubernetes, the ServiceAccount default and the ConfigMap
#   kube-root-ca.crt. Objects a workload controls (a ReplicaSet's pods, a
#   Deployment's ReplicaSets) are reported through their owner; objects whose
#   controller is of another kind (an operator's pods) are reported themselves. Objects in a
#   manifest without metadata.namespace are not judged: where they land depends
#   on how they are applied; when they are all there is to judge, the check is
#   SKIP.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
#     description: Kubernetes documentation, namespaces
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.6.4)
# custom:
#   id: KA-INV-027
#   severity: low
#   subject: inventory
#   kinds: [ConfigMap, CronJob, DaemonSet, Deployment, Ingress, Job, Pod, ReplicaSet, ReplicationController, Service, ServiceAccount, StatefulSet]
#   namespaces: [default]
#   skip_owned: true
#   remediation: |
#     Move the objects listed into namespaces of their own (one per application
#     or team, with its own RBAC, quotas and network policies), and give every
#     kubeconfig context a namespace so that nothing lands in default by mistake.
package kubeassay.checks.inventory.default_namespace

import data.kubeassay.lib.inventory as inv
import data.kubeassay.lib.workloads as wl

# Kubernetes' own objects in default, by kind.
builtin := {
	"Service": "kubernetes",
	"ServiceAccount": "default",
	"ConfigMap": "kube-root-ca.crt",
}

kinds := object.keys(input.objects)

kubernetes_own(obj) if builtin[obj.kind] == obj.metadata.name

owned(obj) if wl.workload_controller(obj)

# The check reads only default and the objects that name no namespace
# (custom.namespaces). With nothing in default but objects that name none,
# where those land depends on how they are applied: not the check's to judge.
in_default := [obj | some kind in kinds; some obj in inv.in_namespace("default", kind)]

unplaced := [obj | some kind in kinds; some obj in inv.in_namespace("", kind)]

skip := "the objects in the input that could be in default name no namespace: where they land depends on how they are applied" if {
	count(in_default) == 0
	count(unplaced) > 0
}

deny contains inv.finding(msg, obj, "metadata.namespace", "default") if {
	some obj in in_default
	not owned(obj)
	not kubernetes_own(obj)
	msg := sprintf("%s %s is in the default namespace", [obj.kind, obj.metadata.name])
}
