# METADATA
# title: "Scheduler pod specification file is owned by root:root"
# description: |
#   Whoever owns the static pod manifest of kube-scheduler can rewrite it and so run
#   kube-scheduler with any flag, image or host mount: the owner is as powerful as
#   the cluster. Only root may own it. Ownership is read from the node's own
#   /etc/passwd and /etc/group (uid/gid 0 when no name is recorded).
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
#     description: "kubeadm implementation details: files on a control plane node"
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-006
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chown root:root <file>` on the manifest named in the finding (kubeadm:
#     /etc/kubernetes/manifests/kube-scheduler.yaml).
package kubeassay.checks.node.file_scheduler_manifest_owner

import data.kubeassay.lib.node

roles := {"scheduler-manifest"}

what := "scheduler pod specification file"

skip := node.files_skip(roles, "kube-scheduler", what)

unknown := node.owner_unknown_reason(roles, what, "root", "root")

deny contains f if some f in node.not_owned_by(roles, what, "root", "root")
