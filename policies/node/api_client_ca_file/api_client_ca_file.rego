# METADATA
# title: API server verifies client certificates against a CA
# description: |
#   --client-ca-file enables client certificate authentication: the API server
#   accepts a client certificate only when it is signed by this CA. Kubelets and the
#   control plane components authenticate this way, and kubelets check the API
#   server's calls against the same CA. A warning names the file when it does not
#   exist.
# related_resources:
#   - ref: https://kubernetes.io/docs/setup/best-practices/certificates/
#     description: PKI certificates and requirements
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-020
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --client-ca-file to the cluster CA certificate (kubeadm:
#     /etc/kubernetes/pki/ca.crt). In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-apiserver.yaml on every control plane node (the
#     kubelet restarts the API server) and put the same setting under
#     `apiServer.extraArgs` of the ClusterConfiguration so that upgrades keep it; on
#     k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_client_ca_file

import data.kubeassay.lib.node

component := "kube-apiserver"

flags := ["client-ca-file"]

skip := node.component_skip(component)

unknown := node.flags_unknown(component, flags)

deny contains f if some f in node.unset_flags(component, flags, "client certificates are not accepted")

# A named file that is not on the node: the component cannot use it.
warn contains w if some w in node.missing_named_files(component, flags)
