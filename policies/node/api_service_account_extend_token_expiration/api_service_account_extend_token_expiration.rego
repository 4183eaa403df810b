# METADATA
# title: API server does not extend service account token lifetimes
# description: |
#   With --service-account-extend-token-expiration (default true) the API server
#   issues projected service account tokens valid for a year instead of the hour or
#   so the pod asked for, to help clients that do not reload their token. A stolen
#   token then stays valid that long. An unset flag therefore fails.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/
#     description: Managing service accounts
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-022
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --service-account-extend-token-expiration=false, after checking that your
#     workloads reload their projected tokens (every supported client library does).
#     In a kubeadm cluster edit /etc/kubernetes/manifests/kube-apiserver.yaml on
#     every control plane node (the kubelet restarts the API server) and put the same
#     setting under `apiServer.extraArgs` of the ClusterConfiguration so that
#     upgrades keep it; on k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_service_account_extend_token_expiration

import data.kubeassay.lib.node

component := "kube-apiserver"

skip := node.component_skip(component)

unknown := node.flags_unknown(component, ["service-account-extend-token-expiration"])

# Unset, --service-account-extend-token-expiration is true.
deny contains node.finding(msg, node.flag_path(component, "service-account-extend-token-expiration"), eff.raw) if {
	eff := node.effective_flag(node.components[component], "service-account-extend-token-expiration", "true")
	not node.is_false(eff.value)
	msg := sprintf("%s; want false", [node.describe_flag(component, "service-account-extend-token-expiration", eff)])
}
