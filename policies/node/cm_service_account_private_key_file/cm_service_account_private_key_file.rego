# METADATA
# title: Controller manager signs service account tokens with a given key
# description: |
#   --service-account-private-key-file is the private key the controller manager
#   signs legacy service account token Secrets with. Naming it keeps the key in step
#   with the public keys the API server verifies tokens with and lets it be rotated.
#   A warning names the file when it does not exist.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/
#     description: Managing service accounts
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-CM-003
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --service-account-private-key-file to the service account signing key
#     (kubeadm: /etc/kubernetes/pki/sa.key). In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-controller-manager.yaml on every control plane
#     node and put the same setting under `controllerManager.extraArgs` of the
#     ClusterConfiguration; on k3s and RKE2 use `kube-controller-manager-arg`.
package kubeassay.checks.node.cm_service_account_private_key_file

import data.kubeassay.lib.node

component := "kube-controller-manager"

flags := ["service-account-private-key-file"]

skip := node.component_skip(component)

unknown := node.flags_unknown(component, flags)

deny contains f if some f in node.unset_flags(component, flags, "token Secrets cannot be signed with a known key")

# A named file that is not on the node: the component cannot use it.
warn contains w if some w in node.missing_named_files(component, flags)
