# METADATA
# title: Scheduler profiling is off
# description: |
#   --profiling serves Go's pprof handlers under /debug/pprof on the scheduler's
#   port. It defaults to true, so an unset flag fails.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/
#     description: kube-scheduler command-line reference
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-SCHED-001
#   cis: ["1.4.1"]
#   severity: low
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --profiling=false. In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-scheduler.yaml on every control plane node and
#     put the same setting under `scheduler.extraArgs` of the ClusterConfiguration;
#     on k3s and RKE2 use `kube-scheduler-arg`.
package kubeassay.checks.node.sched_profiling

import data.kubeassay.lib.node

component := "kube-scheduler"

skip := node.flags_skip(component, ["profiling"])

# Unset, --profiling is true.
deny contains node.finding(msg, node.flag_path(component, "profiling"), eff.raw) if {
	eff := node.effective_flag(node.components[component], "profiling", "true")
	not node.is_false(eff.value)
	msg := sprintf("%s; want false", [node.describe_flag(component, "profiling", eff)])
}
