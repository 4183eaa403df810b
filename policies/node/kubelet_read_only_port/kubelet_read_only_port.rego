# METADATA
# title: The kubelet's read-only port is off
# description: |
#   The kubelet's read-only port (10255 when on) serves pod specs, node
#   metrics and health without authentication or authorization: anyone who
#   reaches the node learns what runs on it and how. It must be 0 (off) in the
#   kubelet's effective configuration: readOnlyPort in the config file (whose
#   default is 0) or --read-only-port (whose default is 10255 when no config
#   file is used). A value that could not be read is undecided, not a default.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
#     description: Kubernetes documentation, KubeletConfiguration (readOnlyPort)
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (4.2.4)
# custom:
#   id: KA-KUBELET-012
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set `readOnlyPort: 0` in the kubelet's configuration file (or remove
#     --read-only-port from its command line) and restart the kubelet; point
#     metrics collectors at the authenticated port 10250.
package kubeassay.checks.node.kubelet_read_only_port

import data.kubeassay.lib.node

component := "kubelet"

key := "readOnlyPort"

skip := node.component_skip(component)

unknown := node.settings_unknown(component, [key])

deny contains node.finding(msg, node.setting_path(component, key), st.value) if {
	c := node.components[component]
	st := node.setting(c, key)
	not off(st.value)
	msg := sprintf("%s: the kubelet serves pod and node data without authentication; want 0", [node.describe_setting(component, key, c, st)])
}

off(v) if node.int_value(v) == 0
