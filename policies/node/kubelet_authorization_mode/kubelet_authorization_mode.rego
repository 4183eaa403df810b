# METADATA
# title: Kubelet authorizes requests
# description: |
#   With authorization mode AlwaysAllow the kubelet lets every authenticated (or,
#   with anonymous authentication, every) caller run commands in its pods. Webhook
#   mode asks the API server, so RBAC decides. AlwaysAllow is the default when the
#   kubelet runs without a --config file. The value is the kubelet's effective
#   setting: its --config file, then the drop-ins under --config-dir, then
#   command-line flags, then the defaults, which differ with and without --config;
#   the message says which layer set it.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
#     description: Kubelet authentication and authorization
#   - ref: https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
#     description: Kubelet configuration (v1beta1)
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-KUBELET-002
#   severity: critical
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set `authorization.mode: Webhook` in the kubelet configuration (or
#     --authorization-mode=Webhook), with `authentication.webhook.enabled: true`. On
#     kubeadm nodes change /var/lib/kubelet/config.yaml (and the kubelet ConfigMap in
#     kube-system, so that `kubeadm upgrade` keeps it) or add a drop-in under
#     --config-dir, remove any flag that overrides it in
#     /var/lib/kubelet/kubeadm-flags.env or the systemd drop-in, then `systemctl
#     restart kubelet`. On k3s and RKE2 use `kubelet-arg`.
package kubeassay.checks.node.kubelet_authorization_mode

import data.kubeassay.lib.node

component := "kubelet"

key := "authorization.mode"

skip := node.component_skip(component)

unknown := node.settings_unknown(component, [key])

deny contains node.finding(msg, node.setting_path(component, key), st.value) if {
	c := node.components[component]
	st := node.setting(c, key)
	st.value != "Webhook"
	msg := sprintf("%s; want Webhook", [node.describe_setting(component, key, c, st)])
}
