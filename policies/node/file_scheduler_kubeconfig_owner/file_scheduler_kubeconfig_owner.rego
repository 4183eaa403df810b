# METADATA
# title: "Scheduler kubeconfig is owned by root:root"
# description: |
#   The owner of the scheduler's kubeconfig holds the scheduler's credential; only
#   root may own it.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
#     description: "kubeadm implementation details: files on a control plane node"
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-014
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chown root:root <file>` on every file named in the finding (kubeadm:
#     /etc/kubernetes/scheduler.conf).
package kubeassay.checks.node.file_scheduler_kubeconfig_owner

import data.kubeassay.lib.node

roles := {"scheduler-kubeconfig", "scheduler-auth-kubeconfig"}

what := "scheduler kubeconfig"

skip := node.files_skip(roles, "kube-scheduler", what)

unknown := node.owner_unknown_reason(roles, what, "root", "root")

deny contains f if some f in node.not_owned_by(roles, what, "root", "root")
