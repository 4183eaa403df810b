# METADATA
# title: Kubelet refuses anonymous requests
# description: |
#   With anonymous authentication the kubelet's API (port 10250: pods, logs, exec)
#   treats unauthenticated requests as system:anonymous, leaving the authorizer as
#   the only defence. The kubelet's default is true when it runs without a --config
#   file and false with one. The value is the kubelet's effective setting: its
#   --config file, then the drop-ins under --config-dir, then command-line flags,
#   then the defaults, which differ with and without --config; the message says which
#   layer set it.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
#     description: Kubelet authentication and authorization
#   - ref: https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
#     description: Kubelet configuration (v1beta1)
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-KUBELET-001
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set `authentication.anonymous.enabled: false` in the kubelet configuration (or
#     --anonymous-auth=false). On kubeadm nodes change /var/lib/kubelet/config.yaml
#     (and the kubelet ConfigMap in kube-system, so that `kubeadm upgrade` keeps it)
#     or add a drop-in under --config-dir, remove any flag that overrides it in
#     /var/lib/kubelet/kubeadm-flags.env or the systemd drop-in, then `systemctl
#     restart kubelet`. On k3s and RKE2 use `kubelet-arg`.
package kubeassay.checks.node.kubelet_anonymous_auth

import data.kubeassay.lib.node

component := "kubelet"

key := "authentication.anonymous.enabled"

skip := node.component_skip(component)

unknown := node.settings_unknown(component, [key])

deny contains node.finding(msg, node.setting_path(component, key), st.value) if {
	c := node.components[component]
	st := node.setting(c, key)
	not node.is_false(st.value)
	msg := sprintf("%s; want false", [node.describe_setting(component, key, c, st)])
}
