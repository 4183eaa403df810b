# METADATA
# title: API server serves a certificate it was given
# description: |
#   Without --tls-cert-file and --tls-private-key-file the API server generates a
#   self-signed certificate in --cert-dir, which clients cannot verify against the
#   cluster CA, so they learn to skip verification. Give it a certificate from the
#   cluster's CA. A warning names a flag whose file does not exist.
# related_resources:
#   - ref: https://kubernetes.io/docs/setup/best-practices/certificates/
#     description: PKI certificates and requirements
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-019
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --tls-cert-file and --tls-private-key-file to a serving certificate and key
#     signed by the cluster CA (kubeadm: /etc/kubernetes/pki/apiserver.crt and .key).
#     In a kubeadm cluster edit /etc/kubernetes/manifests/kube-apiserver.yaml on
#     every control plane node (the kubelet restarts the API server) and put the same
#     setting under `apiServer.extraArgs` of the ClusterConfiguration so that
#     upgrades keep it; on k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_tls_cert

import data.kubeassay.lib.node

component := "kube-apiserver"

flags := ["tls-cert-file", "tls-private-key-file"]

skip := node.component_skip(component)

unknown := node.flags_unknown(component, flags)

deny contains f if some f in node.unset_flags(component, flags, "the API server serves a self-signed certificate")

# A named file that is not on the node: the component cannot use it.
warn contains w if some w in node.missing_named_files(component, flags)
