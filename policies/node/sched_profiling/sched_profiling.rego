# METADATA
# title: Scheduler profiling is off
# description: |
#   --profiling serves Go's pprof handlers under /debug/pprof on the scheduler's
#   port. It defaults to true, so an unset flag fails. With --config the flag is
#   ignored and enableProfiling in the KubeSchedulerConfiguration decides (default
#   true); a config file that could not be read leaves the check undecided.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/
#     description: kube-scheduler command-line reference
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-SCHED-001
#   severity: low
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --profiling=false, or `enableProfiling: false` in the file --config names
#     when there is one. In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-scheduler.yaml on every control plane node and
#     put the same setting under `scheduler.extraArgs` of the ClusterConfiguration;
#     on k3s and RKE2 use `kube-scheduler-arg`.
package kubeassay.checks.node.sched_profiling

import data.kubeassay.lib.node

component := "kube-scheduler"

key := "enableProfiling"

# With --config, kube-scheduler ignores --profiling: enableProfiling in the
# KubeSchedulerConfiguration decides.
with_config if node.config(node.components[component])

skip := node.component_skip(component)

unknown := node.settings_unknown(component, [key]) if with_config

unknown := node.flags_unknown(component, ["profiling"]) if not with_config

# Unset, --profiling is true.
deny contains node.finding(msg, node.flag_path(component, "profiling"), eff.raw) if {
	not with_config
	eff := node.effective_flag(node.components[component], "profiling", "true")
	not node.is_false(eff.value)
	msg := sprintf("%s; want false", [node.describe_flag(component, "profiling", eff)])
}

# Unset in the file, enableProfiling is true.
deny contains node.finding(msg, node.setting_path(component, key), st.value) if {
	with_config
	c := node.components[component]
	st := node.setting(c, key)
	st.source != "unknown"
	not node.is_false(st.value)
	msg := sprintf("%s; want false", [node.describe_setting(component, key, c, st)])
}
