# METADATA
# title: Kubelet verifies client certificates
# description: |
#   `authentication.x509.clientCAFile` (--client-ca-file) is the CA the kubelet
#   checks client certificates against, the API server's among them. Without it the
#   kubelet cannot authenticate the API server by certificate. It has no default. A
#   warning names the file when it does not exist. The value is the kubelet's
#   effective setting: its --config file, then the drop-ins under --config-dir, then
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
#   id: KA-KUBELET-003
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set `authentication.x509.clientCAFile` in the kubelet configuration (or
#     --client-ca-file) to the cluster CA (kubeadm: /etc/kubernetes/pki/ca.crt). On
#     kubeadm nodes change /var/lib/kubelet/config.yaml (and the kubelet ConfigMap in
#     kube-system, so that `kubeadm upgrade` keeps it) or add a drop-in under
#     --config-dir, remove any flag that overrides it in
#     /var/lib/kubelet/kubeadm-flags.env or the systemd drop-in, then `systemctl
#     restart kubelet`. On k3s and RKE2 use `kubelet-arg`.
package kubeassay.checks.node.kubelet_client_ca_file

import data.kubeassay.lib.node

component := "kubelet"

key := "authentication.x509.clientCAFile"

skip := node.component_skip(component)

unknown := node.settings_unknown(component, [key])

# The setting has no default: unset, client certificates are not verified.
deny contains node.finding(msg, node.setting_path(component, key), st.value) if {
	c := node.components[component]
	st := node.setting(c, key)
	not configured(st.value)
	msg := sprintf("%s: client certificates are not verified", [node.describe_setting(component, key, c, st)])
}

configured(v) if {
	is_string(v)
	trim_space(v) != ""
}

warn contains node.finding(msg, sprintf("%s.exists", [node.file_path(f)]), false) if {
	c := node.components[component]
	st := node.setting(c, key)
	f := node.file(st.value)
	f.exists == false
	msg := sprintf("kubelet %s names %s, which does not exist on this node", [key, st.value])
}
