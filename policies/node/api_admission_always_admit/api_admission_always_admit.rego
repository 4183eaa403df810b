# METADATA
# title: API server does not enable the AlwaysAdmit admission plugin
# description: |
#   The deprecated AlwaysAdmit plugin admits every request unconditionally; it exists
#   only for testing. It is off by default, so it fails only when
#   --enable-admission-plugins (or the deprecated --admission-control) lists it.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/
#     description: Admission controllers
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-007
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Remove AlwaysAdmit from --enable-admission-plugins. In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-apiserver.yaml on every control plane node (the
#     kubelet restarts the API server) and put the same setting under
#     `apiServer.extraArgs` of the ClusterConfiguration so that upgrades keep it; on
#     k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_admission_always_admit

import data.kubeassay.lib.node

component := "kube-apiserver"

skip := node.component_skip(component)

unknown := node.admission_unknown

deny contains node.finding(msg, node.flag_path(component, name), node.flag_value(c, name)) if {
	c := node.components[component]
	plugins := node.admission_plugins(c)
	"AlwaysAdmit" in plugins
	name := enabling_flag(c)
	msg := sprintf("%s enables AlwaysAdmit: every request is admitted", [node.describe_plugin_flag(c, name)])
}

# enabling_flag is the flag that enabled the plugin: the deprecated
# --admission-control replaces the whole list when it is set.
enabling_flag(c) := "admission-control" if {
	node.flag_set(c, "admission-control")
} else := "enable-admission-plugins"
