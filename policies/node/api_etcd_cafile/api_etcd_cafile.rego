# METADATA
# title: API server verifies etcd's certificate
# description: |
#   --etcd-cafile is the CA the API server checks etcd's serving certificate against.
#   Without it the API server cannot tell the real etcd from an impostor on the path.
#   A warning names the file when it does not exist.
# related_resources:
#   - ref: https://etcd.io/docs/v3.5/op-guide/security/
#     description: etcd transport security model
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-021
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --etcd-cafile to etcd's CA certificate (kubeadm:
#     /etc/kubernetes/pki/etcd/ca.crt). In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-apiserver.yaml on every control plane node (the
#     kubelet restarts the API server) and put the same setting under
#     `apiServer.extraArgs` of the ClusterConfiguration so that upgrades keep it; on
#     k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_etcd_cafile

import data.kubeassay.lib.node

component := "kube-apiserver"

flags := ["etcd-cafile"]

skip := node.component_skip(component)

unknown := node.flags_unknown(component, flags)

deny contains f if some f in node.unset_flags(component, flags, "etcd's certificate is not verified")

# A named file that is not on the node: the component cannot use it.
warn contains w if some w in node.missing_named_files(component, flags)
