# METADATA
# title: Scheduler listens on the loopback interface only
# description: |
#   --bind-address is where the scheduler serves HTTPS (health, metrics, profiling).
#   It defaults to 0.0.0.0, every interface. Nothing outside the node needs it, so it
#   should be 127.0.0.1 (any 127.0.0.0/8 address or ::1 is accepted). An unset flag
#   fails.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/
#     description: kube-scheduler command-line reference
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-SCHED-002
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --bind-address=127.0.0.1. In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-scheduler.yaml on every control plane node and
#     put the same setting under `scheduler.extraArgs` of the ClusterConfiguration;
#     on k3s and RKE2 use `kube-scheduler-arg`.
package kubeassay.checks.node.sched_bind_address

import data.kubeassay.lib.node

component := "kube-scheduler"

skip := node.component_skip(component)

unknown := node.flags_unknown(component, ["bind-address"])

deny contains f if some f in node.bound_beyond_loopback(component)
