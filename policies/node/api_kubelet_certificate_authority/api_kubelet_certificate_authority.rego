# METADATA
# title: API server verifies kubelet serving certificates
# description: |
#   Without --kubelet-certificate-authority the API server does not check the
#   certificate a kubelet presents, so anyone who can intercept the connection can
#   pose as the kubelet and read what flows through exec, attach and logs. The
#   kubelets must then serve certificates signed by that CA (serverTLSBootstrap or
#   the platform's own signer).
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
#     description: Kubelet authentication and authorization
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-003
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --kubelet-certificate-authority to the CA that signs the kubelets' serving
#     certificates, after making sure every kubelet serves such a certificate. In a
#     kubeadm cluster edit /etc/kubernetes/manifests/kube-apiserver.yaml on every
#     control plane node (the kubelet restarts the API server) and put the same
#     setting under `apiServer.extraArgs` of the ClusterConfiguration so that
#     upgrades keep it; on k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_kubelet_certificate_authority

import data.kubeassay.lib.node

component := "kube-apiserver"

flags := ["kubelet-certificate-authority"]

skip := node.component_skip(component)

unknown := node.flags_unknown(component, flags)

deny contains f if some f in node.unset_flags(component, flags, "kubelet serving certificates are not verified")

# A named file that is not on the node: the component cannot use it.
warn contains w if some w in node.missing_named_files(component, flags)
