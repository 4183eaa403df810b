# METADATA
# title: API server authenticates to etcd with a client certificate
# description: |
#   etcd holds the whole cluster state. The API server must present a client
#   certificate (--etcd-certfile, --etcd-keyfile) so that etcd, with
#   --client-cert-auth, can refuse every other client. A warning names a flag whose
#   file does not exist.
# related_resources:
#   - ref: https://etcd.io/docs/v3.5/op-guide/security/
#     description: etcd transport security model
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-018
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --etcd-certfile and --etcd-keyfile to a client certificate and key signed
#     by etcd's CA (kubeadm: /etc/kubernetes/pki/apiserver-etcd-client.crt and .key).
#     In a kubeadm cluster edit /etc/kubernetes/manifests/kube-apiserver.yaml on
#     every control plane node (the kubelet restarts the API server) and put the same
#     setting under `apiServer.extraArgs` of the ClusterConfiguration so that
#     upgrades keep it; on k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_etcd_client_cert

import data.kubeassay.lib.node

component := "kube-apiserver"

flags := ["etcd-certfile", "etcd-keyfile"]

skip := node.component_skip(component)

unknown := node.flags_unknown(component, flags)

deny contains f if some f in node.unset_flags(component, flags, "the API server cannot authenticate to etcd")

# A named file that is not on the node: the component cannot use it.
warn contains w if some w in node.missing_named_files(component, flags)
