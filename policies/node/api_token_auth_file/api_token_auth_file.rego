# METADATA
# title: API server does not use a static token file
# description: |
#   With --token-auth-file the API server accepts the bearer tokens listed in a
#   plain-text CSV file. The tokens never expire, sit on the disk in clear text, and
#   can only be changed by editing the file and restarting the API server. Use client
#   certificates, OIDC or webhook token authentication instead.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/authentication/#static-token-file
#     description: "Authenticating: static token file"
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-001
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Remove --token-auth-file and move its users to another authenticator. In a
#     kubeadm cluster edit /etc/kubernetes/manifests/kube-apiserver.yaml on every
#     control plane node (the kubelet restarts the API server) and put the same
#     setting under `apiServer.extraArgs` of the ClusterConfiguration so that
#     upgrades keep it; on k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_token_auth_file

import data.kubeassay.lib.node

component := "kube-apiserver"

skip := node.component_skip(component)

unknown := node.flags_unknown(component, ["token-auth-file"])

deny contains node.finding(msg, node.flag_path(component, "token-auth-file"), eff.raw) if {
	c := node.components[component]
	node.flag_nonempty(c, "token-auth-file")
	eff := node.effective_flag(c, "token-auth-file", null)
	msg := sprintf("%s: static tokens cannot be expired or rotated without a restart", [node.describe_flag(component, "token-auth-file", eff)])
}
