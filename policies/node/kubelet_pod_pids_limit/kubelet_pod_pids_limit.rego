# METADATA
# title: Kubelet limits the PIDs of each pod
# description: |
#   podPidsLimit (--pod-max-pids) caps the number of processes and threads a pod may
#   run. Without a cap one pod (a fork bomb, a leak) can use up the node's PIDs and
#   stop every other pod and the node's own daemons from starting processes. The
#   kubelet's default, -1, sets no limit; 0 sets none either. This check fails when
#   the effective podPidsLimit is not a positive number; which number fits the
#   workloads is left to the operator.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/policy/pid-limiting/
#     description: Process ID limits and reservations
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-KUBELET-010
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set `podPidsLimit` in the kubelet configuration to a number above what the
#     largest legitimate pod needs (for example 4096; count with `ps -eLf | wc -l` on
#     a busy node), or --pod-max-pids (k3s and RKE2: `kubelet-arg:
#     [pod-max-pids=4096]`), then restart the kubelet.
package kubeassay.checks.node.kubelet_pod_pids_limit

import data.kubeassay.lib.node

component := "kubelet"

key := "podPidsLimit"

skip := node.component_skip(component)

unknown := node.settings_unknown(component, [key])

deny contains node.finding(msg, node.setting_path(component, key), st.value) if {
	c := node.components[component]
	st := node.setting(c, key)
	not positive(st.value)
	msg := sprintf("%s: pods may start any number of processes; want a positive limit", [node.describe_setting(component, key, c, st)])
}

positive(v) if node.int_value(v) > 0
