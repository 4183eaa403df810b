# METADATA
# title: API server serves only strong TLS cipher suites
# description: |
#   Without --tls-cipher-suites kube-apiserver offers Go's default suites, which
#   still include CBC-mode suites with SHA-1 MACs. This check passes when
#   --tls-cipher-suites lists only ECDHE suites with AES-GCM or ChaCha20-Poly1305
#   (and the TLS 1.3 names), or when --tls-min-version is VersionTLS13 (Go then uses
#   only TLS 1.3's suites, all AEAD, whatever the list says). It fails when the flag
#   is unset or empty, or names another suite. The flag accumulates when repeated:
#   every value counts.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
#     description: kube-apiserver flags
#   - ref: https://pkg.go.dev/crypto/tls#pkg-constants
#     description: Go crypto/tls cipher suites
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-028
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
#     TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
#     TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
#     TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 (one comma-separated value), or
#     --tls-min-version=VersionTLS13, on every control plane node (kubeadm: the static
#     pod manifest and the ClusterConfiguration's apiServer.extraArgs; k3s and RKE2:
#     `kube-apiserver-arg`), and check that every client still connects.
package kubeassay.checks.node.api_tls_ciphers

import data.kubeassay.lib.apiserver
import data.kubeassay.lib.node

component := "kube-apiserver"

skip := node.component_skip(component)

unknown := node.flags_unknown(component, ["tls-cipher-suites", "tls-min-version"])

tls13(c) if {
	eff := node.effective_flag(c, "tls-min-version", null)
	apiserver.tls13_only(eff.value)
}

judged(c) if {
	node.effective_flag(c, "tls-min-version", null)
	not tls13(c)
}

deny contains f if {
	c := node.components[component]
	judged(c)
	count(node.flag_list(c, "tls-cipher-suites")) == 0
	some f in node.unset_flags(component, ["tls-cipher-suites"], "the API server offers Go's default suites, CBC ones included; want only ECDHE AEAD suites (or --tls-min-version=VersionTLS13)")
}

deny contains node.finding(msg, node.flag_path(component, "tls-cipher-suites"), node.flag_value(c, "tls-cipher-suites")) if {
	c := node.components[component]
	judged(c)
	weak := apiserver.weak_ciphers(node.flag_list(c, "tls-cipher-suites"))
	count(weak) > 0
	msg := sprintf("kube-apiserver --tls-cipher-suites (%s) includes %s, not an ECDHE suite with AES-GCM or ChaCha20-Poly1305", [node.origin(node.flag_source(c, "tls-cipher-suites")), concat(", ", weak)])
}
