# METADATA
# title: kube-proxy serves metrics on the loopback interface only
# description: |
#   metricsBindAddress (--metrics-bind-address) is where kube-proxy serves /metrics,
#   without authentication. The default is 127.0.0.1:10249; bound to 0.0.0.0 it tells
#   anyone who can reach the node about its services and endpoints. kube-proxy
#   ignores its other flags when it reads a --config file, so the value is the
#   effective one from the node facts; a flag overridden that way is named in the
#   message.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/
#     description: kube-proxy configuration (v1alpha1)
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-PROXY-001
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set `metricsBindAddress: 127.0.0.1:10249` in the kube-proxy configuration
#     (kubeadm: the kube-proxy ConfigMap in kube-system, then restart the kube-proxy
#     pods), or --metrics-bind-address=127.0.0.1:10249 when no --config file is used.
#     On k3s and RKE2 use `kube-proxy-arg`.
package kubeassay.checks.node.proxy_metrics_bind_address

import data.kubeassay.lib.node

component := "kube-proxy"

key := "metricsBindAddress"

skip := node.component_skip(component)

unknown := node.settings_unknown(component, [key])

deny contains node.finding(msg, node.setting_path(component, key), st.value) if {
	c := node.components[component]
	st := node.setting(c, key)
	not on_loopback(st.value)
	described := node.describe_setting(component, key, c, st)
	msg := sprintf("%s%s; want a loopback address such as 127.0.0.1:10249", [described, ignored_flag(st)])
}

on_loopback(v) if {
	is_string(v)
	node.loopback(node.host_of(v))
}

# ignored_flag notes a --metrics-bind-address that kube-proxy ignores because
# it reads a --config file.
ignored_flag(st) := sprintf(", and --metrics-bind-address=%v is ignored because kube-proxy reads --config", [values[count(values) - 1]]) if {
	values := [layer.value | some layer in object.get(st, "history", []); layer.ignored == true]
	count(values) > 0
} else := ""
