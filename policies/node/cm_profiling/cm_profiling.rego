# METADATA
# title: Controller manager profiling is off
# description: |
#   --profiling serves Go's pprof handlers under /debug/pprof on the controller
#   manager's port. It defaults to true, so an unset flag fails.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/
#     description: kube-controller-manager command-line reference
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-CM-001
#   severity: low
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --profiling=false. In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-controller-manager.yaml on every control plane
#     node and put the same setting under `controllerManager.extraArgs` of the
#     ClusterConfiguration; on k3s and RKE2 use `kube-controller-manager-arg`.
package kubeassay.checks.node.cm_profiling

import data.kubeassay.lib.node

component := "kube-controller-manager"

skip := node.component_skip(component)

unknown := node.flags_unknown(component, ["profiling"])

deny contains f if some f in node.profiling_on(component)
