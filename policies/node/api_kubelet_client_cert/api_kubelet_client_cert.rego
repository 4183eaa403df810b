# METADATA
# title: API server authenticates to kubelets with a client certificate
# description: |
#   The API server calls every kubelet (logs, exec, port-forward, metrics). Without
#   --kubelet-client-certificate and --kubelet-client-key it connects without a
#   client certificate, so kubelets must either accept anonymous requests or refuse
#   the API server. A warning names a flag whose file does not exist on the node.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
#     description: Kubelet authentication and authorization
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-002
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --kubelet-client-certificate and --kubelet-client-key to a client
#     certificate and key the kubelets trust (kubeadm:
#     /etc/kubernetes/pki/apiserver-kubelet-client.crt and .key). In a kubeadm
#     cluster edit /etc/kubernetes/manifests/kube-apiserver.yaml on every control
#     plane node (the kubelet restarts the API server) and put the same setting under
#     `apiServer.extraArgs` of the ClusterConfiguration so that upgrades keep it; on
#     k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_kubelet_client_cert

import data.kubeassay.lib.node

component := "kube-apiserver"

flags := ["kubelet-client-certificate", "kubelet-client-key"]

skip := node.component_skip(component)

unknown := node.flags_unknown(component, flags)

deny contains f if some f in node.unset_flags(component, flags, "the API server cannot authenticate to kubelets")

# A named file that is not on the node: the component cannot use it.
warn contains w if some w in node.missing_named_files(component, flags)
