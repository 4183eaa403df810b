# METADATA
# title: Scheduler kubeconfig is mode 0600 or stricter
# description: |
#   The scheduler's kubeconfig (kubeadm: scheduler.conf; the files its --kubeconfig
#   and --authentication-kubeconfig name) holds the credential of
#   system:kube-scheduler, which may bind any pod to any node. Only root may read it.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
#     description: "kubeadm implementation details: files on a control plane node"
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-013
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chmod 600 <file>` on every file named in the finding (kubeadm:
#     /etc/kubernetes/scheduler.conf).
package kubeassay.checks.node.file_scheduler_kubeconfig_mode

import data.kubeassay.lib.node

roles := {"scheduler-kubeconfig", "scheduler-auth-kubeconfig"}

what := "scheduler kubeconfig"

skip := node.files_skip(roles, "kube-scheduler", what)

unknown := node.mode_unknown_reason(roles, what)

# 384 is 0600: no permission bit outside it may be set.
deny contains f if some f in node.wider_than(roles, what, 384)
