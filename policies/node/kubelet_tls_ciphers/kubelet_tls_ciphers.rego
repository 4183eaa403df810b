# METADATA
# title: Kubelet serves only strong TLS cipher suites
# description: |
#   The kubelet's API (port 10250) carries exec sessions, logs and pod data. Left
#   unset, tlsCipherSuites (--tls-cipher-suites) means Go's defaults, which still
#   offer CBC-mode suites with SHA-1 MACs. This check passes when tlsCipherSuites
#   lists only ECDHE suites with AES-GCM or ChaCha20-Poly1305 (and the TLS 1.3
#   names), or when tlsMinVersion is VersionTLS13 (Go then uses only TLS 1.3's suites,
#   all AEAD, whatever the list says). It fails when the list is unset or empty, or
#   names another suite. Both settings are the kubelet's effective ones (config file,
#   drop-ins, flags, defaults).
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
#     description: Kubelet configuration (v1beta1)
#   - ref: https://pkg.go.dev/crypto/tls#pkg-constants
#     description: Go crypto/tls cipher suites
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-KUBELET-009
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set `tlsCipherSuites` in the kubelet configuration to
#     TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
#     TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
#     TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 and
#     TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 (or a subset), or
#     `tlsMinVersion: VersionTLS13`, then restart the kubelet and check that the API
#     server and the monitoring agents still connect (k3s and RKE2: `kubelet-arg`).
package kubeassay.checks.node.kubelet_tls_ciphers

import data.kubeassay.lib.apiserver
import data.kubeassay.lib.node

component := "kubelet"

key := "tlsCipherSuites"

skip := node.component_skip(component)

unknown := node.settings_unknown(component, [key, "tlsMinVersion"])

suites(v) := [s | some s in v] if is_array(v)

suites(v) := [trim_space(s) | some s in split(v, ","); trim_space(s) != ""] if is_string(v)

suites(null) := []

deny contains node.finding(msg, node.setting_path(component, key), st.value) if {
	c := node.components[component]
	st := node.setting(c, key)
	min := node.setting(c, "tlsMinVersion")
	not apiserver.tls13_only(min.value)
	count(suites(st.value)) == 0
	msg := sprintf("%s: the kubelet offers Go's default suites, CBC ones included; want only ECDHE AEAD suites (or tlsMinVersion VersionTLS13)", [node.describe_setting(component, key, c, st)])
}

deny contains node.finding(msg, node.setting_path(component, key), st.value) if {
	c := node.components[component]
	st := node.setting(c, key)
	min := node.setting(c, "tlsMinVersion")
	not apiserver.tls13_only(min.value)
	weak := apiserver.weak_ciphers(suites(st.value))
	count(weak) > 0
	msg := sprintf("kubelet tlsCipherSuites (%s) includes %s, not an ECDHE suite with AES-GCM or ChaCha20-Poly1305", [node.setting_origin(c, st), concat(", ", weak)])
}
