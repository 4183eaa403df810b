# METADATA
# title: Controller manager runs each controller with its own service account
# description: |
#   With --use-service-account-credentials each controller calls the API server with
#   its own service account, and RBAC can give each one only the rights it needs.
#   Without it (the default) every controller shares the controller manager's own,
#   much broader credential.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/
#     description: kube-controller-manager command-line reference
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/rbac/#controller-roles
#     description: RBAC controller roles
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-CM-002
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --use-service-account-credentials=true (the system:controller:* roles must
#     exist, as they do by default). In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-controller-manager.yaml on every control plane
#     node and put the same setting under `controllerManager.extraArgs` of the
#     ClusterConfiguration; on k3s and RKE2 use `kube-controller-manager-arg`.
package kubeassay.checks.node.cm_use_service_account_credentials

import data.kubeassay.lib.node

component := "kube-controller-manager"

skip := node.component_skip(component)

unknown := node.flags_unknown(component, ["use-service-account-credentials"])

# Unset, --use-service-account-credentials is false.
deny contains node.finding(msg, node.flag_path(component, "use-service-account-credentials"), eff.raw) if {
	eff := node.effective_flag(node.components[component], "use-service-account-credentials", "false")
	not node.is_true(eff.value)
	msg := sprintf("%s; want true", [node.describe_flag(component, "use-service-account-credentials", eff)])
}
