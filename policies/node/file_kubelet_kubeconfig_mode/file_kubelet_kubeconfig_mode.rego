# METADATA
# title: Kubelet kubeconfig is mode 0600 or stricter
# description: |
#   The kubeconfig named by the kubelet's --kubeconfig (kubeadm: kubelet.conf) holds
#   the node's credential. Anyone who reads it can act as the node: read the Secrets
#   of its pods, change its pods' status. Only root may read it.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/
#     description: Kubelet TLS bootstrapping and certificate rotation
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-020
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chmod 600 <file>` on the kubeconfig named in the finding (kubeadm:
#     /etc/kubernetes/kubelet.conf).
package kubeassay.checks.node.file_kubelet_kubeconfig_mode

import data.kubeassay.lib.node

roles := {"kubelet-kubeconfig"}

what := "kubelet kubeconfig"

skip := node.files_skip(roles, "kubelet", what)

unknown := node.mode_unknown_reason(roles, what)

# 384 is 0600: no permission bit outside it may be set.
deny contains f if some f in node.wider_than(roles, what, 384)
