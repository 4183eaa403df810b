# METADATA
# title: Controller manager listens on the loopback interface only
# description: |
#   --bind-address is where the controller manager serves HTTPS (health, metrics,
#   profiling). It defaults to 0.0.0.0, every interface. Nothing outside the node
#   needs it, so it should be 127.0.0.1 (any 127.0.0.0/8 address or ::1 is accepted).
#   An unset flag fails.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/
#     description: kube-controller-manager command-line reference
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-CM-006
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --bind-address=127.0.0.1. In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-controller-manager.yaml on every control plane
#     node and put the same setting under `controllerManager.extraArgs` of the
#     ClusterConfiguration; on k3s and RKE2 use `kube-controller-manager-arg`.
package kubeassay.checks.node.cm_bind_address

import data.kubeassay.lib.node

component := "kube-controller-manager"

skip := node.component_skip(component)

unknown := node.flags_unknown(component, ["bind-address"])

deny contains f if some f in node.bound_beyond_loopback(component)
