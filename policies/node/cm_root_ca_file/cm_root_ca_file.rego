# METADATA
# title: Controller manager publishes the cluster CA to pods
# description: |
#   --root-ca-file is the CA bundle the controller manager puts in every namespace's
#   kube-root-ca.crt ConfigMap and in service account token Secrets, so that pods can
#   verify the API server's certificate. Without it pods cannot tell the API server
#   from an impostor. A warning names the file when it does not exist.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/
#     description: kube-controller-manager command-line reference
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-CM-004
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --root-ca-file to the cluster CA certificate (kubeadm:
#     /etc/kubernetes/pki/ca.crt). In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-controller-manager.yaml on every control plane
#     node and put the same setting under `controllerManager.extraArgs` of the
#     ClusterConfiguration; on k3s and RKE2 use `kube-controller-manager-arg`.
package kubeassay.checks.node.cm_root_ca_file

import data.kubeassay.lib.node

component := "kube-controller-manager"

flags := ["root-ca-file"]

skip := node.component_skip(component)

unknown := node.flags_unknown(component, flags)

deny contains f if some f in node.unset_flags(component, flags, "pods receive no CA to verify the API server with")

# A named file that is not on the node: the component cannot use it.
warn contains w if some w in node.missing_named_files(component, flags)
