# METADATA
# title: API server does not authorize every request
# description: |
#   The AlwaysAllow authorizer lets every authenticated request do anything. It is
#   also what the API server uses when neither --authorization-mode nor
#   --authorization-config is given, so an unset flag fails. When the authorizers
#   come from an --authorization-config file, whose content the node facts do not
#   record, the check is skipped with that reason.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/authorization/
#     description: Authorization modes
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-004
#   severity: critical
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --authorization-mode to a list without AlwaysAllow, normally Node,RBAC. In
#     a kubeadm cluster edit /etc/kubernetes/manifests/kube-apiserver.yaml on every
#     control plane node (the kubelet restarts the API server) and put the same
#     setting under `apiServer.extraArgs` of the ClusterConfiguration so that
#     upgrades keep it; on k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_authorization_not_always_allow

import data.kubeassay.lib.node

component := "kube-apiserver"

skip := node.component_skip(component)

unknown := node.authorization_unknown

deny contains node.finding(msg, node.flag_path(component, "authorization-mode"), node.flag_value(c, "authorization-mode")) if {
	c := node.components[component]
	"AlwaysAllow" in node.authorization_modes(c)
	msg := sprintf("%s: every authenticated request is allowed", [node.describe_authorization_modes(c)])
}
