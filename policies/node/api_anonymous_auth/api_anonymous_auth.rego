# METADATA
# title: API server refuses anonymous requests
# description: |
#   With --anonymous-auth left at its default, true, the API server treats a request
#   without credentials as user system:anonymous in group system:unauthenticated,
#   and whatever RBAC grants those (by mistake or by a chart) is open to anyone who
#   can reach the port. This check fails when --anonymous-auth is unset or not false.
#   When the flag is unset and --authentication-config names a file, anonymous access
#   may be configured there (Kubernetes 1.32 and later), and the node facts do not
#   record that file's content: the check is then undecided. Load balancer health
#   checks and kubeadm join discovery use anonymous requests: move them to
#   authenticated probes or to the endpoints an AuthenticationConfiguration allows
#   before turning it off. The NSA/CISA Kubernetes Hardening Guide asks for the same
#   setting.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests
#     description: Anonymous requests
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-027
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --anonymous-auth=false on every control plane node (kubeadm: the static pod
#     manifest and the ClusterConfiguration's apiServer.extraArgs; k3s and RKE2:
#     `kube-apiserver-arg`), or, from Kubernetes 1.32, an `anonymous` section in the
#     AuthenticationConfiguration that enables it only for /healthz, /livez and
#     /readyz. Point load balancer health checks at those endpoints first.
package kubeassay.checks.node.api_anonymous_auth

import data.kubeassay.lib.node

component := "kube-apiserver"

flag := "anonymous-auth"

skip := node.component_skip(component)

unknown := reason if {
	reason := node.flags_unknown(component, [flag])
} else := reason if {
	c := node.components[component]
	not node.flag_set(c, flag)
	node.flag_nonempty(c, "authentication-config")
	reason := sprintf(
		"kube-apiserver takes its authenticators from --authentication-config=%s (%s), which may configure anonymous requests, and the node facts do not record its content",
		[node.flag(c, "authentication-config"), node.origin(node.flag_source(c, "authentication-config"))],
	)
}

deny contains node.finding(msg, node.flag_path(component, flag), eff.raw) if {
	c := node.components[component]
	not unknown
	eff := node.effective_flag(c, flag, "true")
	not node.is_false(eff.value)
	msg := sprintf("%s: requests without credentials are served as system:anonymous; want false", [node.describe_flag(component, flag, eff)])
}
