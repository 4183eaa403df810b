# METADATA
# title: Kubelet closes idle streaming connections
# description: |
#   streamingConnectionIdleTimeout (--streaming-connection-idle-timeout) is how long
#   an exec, attach or port-forward connection to the kubelet may stay idle before
#   the kubelet closes it. 0 keeps idle connections open forever: abandoned sessions
#   pile up and stay usable. This check fails when the effective value is a zero
#   duration ("0", "0s", "0m0s", ...) and when it is not a Go duration at all (the
#   kubelet would not start with it); the default, 4h0m0s, passes. The message says
#   which configuration layer set the value.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
#     description: Kubelet configuration (v1beta1)
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-KUBELET-006
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set `streamingConnectionIdleTimeout` in the kubelet configuration to a non-zero
#     duration, for example 5m (or remove the setting to use the default, 4h), remove
#     any --streaming-connection-idle-timeout=0 flag (kubeadm-flags.env, systemd
#     drop-ins; k3s and RKE2: `kubelet-arg`), and restart the kubelet.
package kubeassay.checks.node.kubelet_streaming_idle_timeout

import data.kubeassay.lib.node

component := "kubelet"

key := "streamingConnectionIdleTimeout"

skip := node.component_skip(component)

unknown := node.settings_unknown(component, [key])

# A Go duration ("4h0m0s", "5m", "1.5h", ".5s", "5.s", "+5m") or a bare 0,
# as time.ParseDuration reads it (µ written either way).
duration_pattern := `^[+]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+$`

zero(v) if {
	is_string(v)
	regex.match(`^[0.]+$`, v)
}

zero(v) if v == 0

zero(v) if {
	is_string(v)
	regex.match(duration_pattern, v)
	time.parse_duration_ns(v) == 0
}

not_duration(v) if not is_string(v)

not_duration(v) if {
	is_string(v)
	not regex.match(duration_pattern, v)
	not regex.match(`^[0.]+$`, v)
}

deny contains node.finding(msg, node.setting_path(component, key), st.value) if {
	c := node.components[component]
	st := node.setting(c, key)
	zero(st.value)
	msg := sprintf("%s: idle exec, attach and port-forward connections are never closed; want a non-zero duration", [node.describe_setting(component, key, c, st)])
}

deny contains node.finding(msg, node.setting_path(component, key), st.value) if {
	c := node.components[component]
	st := node.setting(c, key)
	not zero(st.value)
	not_duration(st.value)
	msg := sprintf("%s, which is not a duration; want a non-zero duration such as 5m", [node.describe_setting(component, key, c, st)])
}
