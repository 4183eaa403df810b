# METADATA
# title: Controller manager kubeconfig is mode 0600 or stricter
# description: |
#   The controller manager's kubeconfig (kubeadm: controller-manager.conf; the files
#   its --kubeconfig and --authentication-kubeconfig name) holds the credential of
#   system:kube-controller-manager, which can read every Secret and create service
#   account tokens. Only root may read it.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
#     description: "kubeadm implementation details: files on a control plane node"
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-015
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chmod 600 <file>` on every file named in the finding (kubeadm:
#     /etc/kubernetes/controller-manager.conf).
package kubeassay.checks.node.file_controller_manager_kubeconfig_mode

import data.kubeassay.lib.node

roles := {"controller-manager-kubeconfig", "controller-manager-auth-kubeconfig"}

what := "controller manager kubeconfig"

skip := node.files_skip(roles, "kube-controller-manager", what)

unknown := node.mode_unknown_reason(roles, what)

# 384 is 0600: no permission bit outside it may be set.
deny contains f if some f in node.wider_than(roles, what, 384)
