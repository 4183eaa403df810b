# METADATA
# title: API server checks that service account tokens still exist
# description: |
#   With --service-account-lookup the API server checks, for every service account
#   token, that the service account and the token's Secret or pod still exist, so
#   deleting them revokes the token at once. It defaults to true; the check fails
#   only when it is turned off.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/
#     description: Managing service accounts
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-016
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Remove --service-account-lookup=false, or set it to true. In a kubeadm cluster
#     edit /etc/kubernetes/manifests/kube-apiserver.yaml on every control plane node
#     (the kubelet restarts the API server) and put the same setting under
#     `apiServer.extraArgs` of the ClusterConfiguration so that upgrades keep it; on
#     k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_service_account_lookup

import data.kubeassay.lib.node

component := "kube-apiserver"

skip := node.component_skip(component)

unknown := node.flags_unknown(component, ["service-account-lookup"])

# Unset, --service-account-lookup is true.
deny contains node.finding(msg, node.flag_path(component, "service-account-lookup"), eff.raw) if {
	eff := node.effective_flag(node.components[component], "service-account-lookup", "true")
	not node.is_true(eff.value)
	msg := sprintf("%s; want true", [node.describe_flag(component, "service-account-lookup", eff)])
}
