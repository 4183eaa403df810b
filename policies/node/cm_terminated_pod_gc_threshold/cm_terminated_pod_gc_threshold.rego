# METADATA
# title: Controller manager garbage-collects terminated pods early enough
# description: |
#   The pod garbage collector deletes terminated pods once more than
#   --terminated-pod-gc-threshold of them exist. Its default, 12500, lets a small
#   cluster keep thousands of finished pods, whose objects load etcd and the API
#   server. The benchmark asks that the threshold be chosen for the cluster, so this
#   check fails when the flag is not set (the default was not chosen) or is not a
#   positive number (0 or less turns the collector off); any positive value passes,
#   because what suits the cluster's size is the operator's call.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-garbage-collection
#     description: Garbage collection of Pods
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-CM-007
#   severity: low
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --terminated-pod-gc-threshold on every control plane node to a number that
#     keeps enough finished pods for debugging without letting them pile up (for
#     example 10 per node). kubeadm: the controller manager's static pod manifest and
#     the ClusterConfiguration's controllerManager.extraArgs; k3s and RKE2:
#     `kube-controller-manager-arg`.
package kubeassay.checks.node.cm_terminated_pod_gc_threshold

import data.kubeassay.lib.node

component := "kube-controller-manager"

flag := "terminated-pod-gc-threshold"

skip := node.component_skip(component)

unknown := node.flags_unknown(component, [flag])

positive(v) if node.int_value(v) > 0

deny contains f if some f in node.unset_flags(component, [flag], "the default, 12500 terminated pods, was not chosen for this cluster")

deny contains node.finding(msg, node.flag_path(component, flag), eff.raw) if {
	c := node.components[component]
	node.flag_nonempty(c, flag)
	eff := node.effective_flag(c, flag, null)
	not positive(eff.value)
	msg := sprintf("%s: want a positive number (0 or less turns the collector off)", [node.describe_flag(component, flag, eff)])
}
