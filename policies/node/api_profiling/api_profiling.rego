# METADATA
# title: API server profiling is off
# description: |
#   --profiling serves Go's pprof handlers under /debug/pprof, which expose the
#   program's internals and can be used to slow the server down. It defaults to true,
#   so an unset flag fails.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
#     description: kube-apiserver command-line reference
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-011
#   severity: low
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --profiling=false. In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-apiserver.yaml on every control plane node (the
#     kubelet restarts the API server) and put the same setting under
#     `apiServer.extraArgs` of the ClusterConfiguration so that upgrades keep it; on
#     k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_profiling

import data.kubeassay.lib.node

component := "kube-apiserver"

skip := node.component_skip(component)

unknown := node.flags_unknown(component, ["profiling"])

deny contains f if some f in node.profiling_on(component)
