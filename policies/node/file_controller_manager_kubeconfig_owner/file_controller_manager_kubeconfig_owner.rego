# METADATA
# title: "Controller manager kubeconfig is owned by root:root"
# description: |
#   The owner of the controller manager's kubeconfig holds its credential; only root
#   may own it.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
#     description: "kubeadm implementation details: files on a control plane node"
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-016
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chown root:root <file>` on every file named in the finding (kubeadm:
#     /etc/kubernetes/controller-manager.conf).
package kubeassay.checks.node.file_controller_manager_kubeconfig_owner

import data.kubeassay.lib.node

roles := {"controller-manager-kubeconfig", "controller-manager-auth-kubeconfig"}

what := "controller manager kubeconfig"

skip := node.files_skip(roles, "kube-controller-manager", what)

unknown := node.owner_unknown_reason(roles, what, "root", "root")

deny contains f if some f in node.not_owned_by(roles, what, "root", "root")
