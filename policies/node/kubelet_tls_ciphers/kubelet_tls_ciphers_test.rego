package kubeassay.checks.node.kubelet_tls_ciphers_test

import data.kubeassay.checks.node.kubelet_tls_ciphers as check
import data.kubeassay.test.node as t

comp := "kubelet"

on(suites, min) := t.on(comp, "kubeadm", t.configured(comp, "config-file", {
	"tlsCipherSuites": suites,
	"tlsMinVersion": min,
}))

unset := t.setting(null, "unset")

strong := ["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"]

test_pass_with_strong_suites if {
	doc := on(t.setting(strong, "file:/var/lib/kubelet/config.yaml"), unset)
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
	count(check.deny) == 0 with input as on(t.setting(concat(",", strong), "flag"), unset)
}

test_pass_with_tls13_only if {
	count(check.deny) == 0 with input as on(unset, t.setting("VersionTLS13", "file:/var/lib/kubelet/config.yaml"))
	count(check.deny) == 0 with input as on(t.setting(["TLS_RSA_WITH_AES_128_CBC_SHA"], "flag"), t.setting("VersionTLS13", "flag"))
}

test_fail_when_unset if {
	check.deny == {{"msg": "kubelet tlsCipherSuites is not set: the kubelet offers Go's default suites, CBC ones included; want only ECDHE AEAD suites (or tlsMinVersion VersionTLS13)", "path": "components.kubelet.config.settings[tlsCipherSuites]", "value": null}} with input as on(unset, t.setting("VersionTLS12", "flag"))
}

test_fail_on_weak_suites if {
	check.deny == {{"msg": "kubelet tlsCipherSuites (set in /var/lib/kubelet/config.yaml) includes TLS_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, not an ECDHE suite with AES-GCM or ChaCha20-Poly1305", "path": "components.kubelet.config.settings[tlsCipherSuites]", "value": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"]}} with input as on(t.setting(["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"], "file:/var/lib/kubelet/config.yaml"), unset)
}

test_unknown_when_either_unreadable if {
	broken := {"value": null, "source": "unknown", "error": "x: broken"}
	check.unknown with input as on(broken, unset)
	check.unknown with input as on(t.setting(["TLS_RSA_WITH_AES_128_CBC_SHA"], "file:/x"), broken)
	count(check.deny) == 0 with input as on(t.setting(["TLS_RSA_WITH_AES_128_CBC_SHA"], "file:/x"), broken)
}
