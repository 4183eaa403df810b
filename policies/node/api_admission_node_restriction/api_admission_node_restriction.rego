# METADATA
# title: API server enables the NodeRestriction admission plugin
# description: |
#   NodeRestriction limits what a kubelet may write: only its own Node object and the
#   pods bound to it, and not the labels that steer workloads to nodes. It is off by
#   default, so --enable-admission-plugins must list it (it works with the Node
#   authorizer).
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/
#     description: Admission controllers
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/node/
#     description: Node authorization
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-010
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Add NodeRestriction to --enable-admission-plugins. In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-apiserver.yaml on every control plane node (the
#     kubelet restarts the API server) and put the same setting under
#     `apiServer.extraArgs` of the ClusterConfiguration so that upgrades keep it; on
#     k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_admission_node_restriction

import data.kubeassay.lib.node

component := "kube-apiserver"

skip := node.component_skip(component)

unknown := node.admission_unknown

deny contains node.finding(msg, node.flag_path(component, name), node.flag_value(c, name)) if {
	c := node.components[component]
	plugins := node.admission_plugins(c)
	not "NodeRestriction" in plugins
	[name, why] := reason(c)
	msg := sprintf("%s: NodeRestriction is off", [why])
}

# reason names the flag that leaves NodeRestriction off, and says how.
reason(c) := ["admission-control", sprintf("%s does not list it", [node.describe_plugin_flag(c, "admission-control")])] if {
	node.flag_set(c, "admission-control")
} else := ["disable-admission-plugins", sprintf("%s turns it off", [node.describe_plugin_flag(c, "disable-admission-plugins")])] if {
	"NodeRestriction" in node.flag_list(c, "disable-admission-plugins")
} else := ["enable-admission-plugins", sprintf("%s does not include it", [node.describe_plugin_flag(c, "enable-admission-plugins")])] if {
	node.flag_set(c, "enable-admission-plugins")
} else := ["enable-admission-plugins", "kube-apiserver --enable-admission-plugins is not set (the default plugins do not include NodeRestriction)"]
