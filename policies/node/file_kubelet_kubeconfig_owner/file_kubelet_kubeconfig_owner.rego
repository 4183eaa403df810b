# METADATA
# title: "Kubelet kubeconfig is owned by root:root"
# description: |
#   The owner of the kubelet's kubeconfig holds the node's credential; only root may
#   own it.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/
#     description: Kubelet TLS bootstrapping and certificate rotation
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-021
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chown root:root <file>` on the kubeconfig named in the finding (kubeadm:
#     /etc/kubernetes/kubelet.conf).
package kubeassay.checks.node.file_kubelet_kubeconfig_owner

import data.kubeassay.lib.node

roles := {"kubelet-kubeconfig"}

what := "kubelet kubeconfig"

skip := node.files_skip(roles, "kubelet", what)

unknown := node.owner_unknown_reason(roles, what, "root", "root")

deny contains f if some f in node.not_owned_by(roles, what, "root", "root")
