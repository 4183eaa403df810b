# METADATA
# title: Kubelet kubeconfig is mode 0644 or stricter
# description: |
#   The kubeconfig named by the kubelet's --kubeconfig (EKS, GKE and AKS:
#   /var/lib/kubelet/kubeconfig) tells the kubelet how to reach the API server and
#   which credential to use. The managed-cluster CIS benchmarks ask that nobody but
#   root can change it (0644 or stricter); the CIS Kubernetes Benchmark asks for
#   0600 (KA-FILE-020), since on a kubeadm node the file holds the credential itself.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/
#     description: Kubelet TLS bootstrapping and certificate rotation
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-030
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chmod 644 <file>` (or stricter) on the kubeconfig named in the finding
#     (EKS, GKE, AKS: /var/lib/kubelet/kubeconfig).
package kubeassay.checks.node.file_kubelet_kubeconfig_mode_644

import data.kubeassay.lib.node

roles := {"kubelet-kubeconfig"}

what := "kubelet kubeconfig"

skip := node.files_skip(roles, "kubelet", what)

unknown := node.mode_unknown_reason(roles, what)

# 420 is 0644: no permission bit outside it may be set.
deny contains f if some f in node.wider_than(roles, what, 420)
