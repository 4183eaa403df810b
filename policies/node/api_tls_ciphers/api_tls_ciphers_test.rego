package kubeassay.checks.node.api_tls_ciphers_test

import data.kubeassay.checks.node.api_tls_ciphers as check
import data.kubeassay.test.node as t

comp := "kube-apiserver"

on(flags) := t.on(comp, "kubeadm", t.process(comp, flags))

strong := "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305"

test_pass_with_strong_suites if {
	doc := on({"tls-cipher-suites": [strong]})
	not check.skip with input as doc
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}

test_pass_with_tls13_only if {
	count(check.deny) == 0 with input as on({"tls-min-version": ["VersionTLS13"]})
	count(check.deny) == 0 with input as on({"tls-min-version": ["VersionTLS13"], "tls-cipher-suites": ["TLS_RSA_WITH_AES_128_CBC_SHA"]})
}

test_fail_when_unset if {
	check.deny == {{"msg": "kube-apiserver --tls-cipher-suites is not set: the API server offers Go's default suites, CBC ones included; want only ECDHE AEAD suites (or --tls-min-version=VersionTLS13)", "path": "components.kube-apiserver.flags.tls-cipher-suites", "value": null}} with input as on({})
	count(check.deny) == 1 with input as on({"tls-min-version": ["VersionTLS12"]})
}

test_fail_on_weak_suites_in_any_value if {
	check.deny == {{"msg": "kube-apiserver --tls-cipher-suites (set on the command line) includes TLS_RSA_WITH_3DES_EDE_CBC_SHA, not an ECDHE suite with AES-GCM or ChaCha20-Poly1305", "path": "components.kube-apiserver.flags.tls-cipher-suites", "value": "TLS_RSA_WITH_3DES_EDE_CBC_SHA"}} with input as on({"tls-cipher-suites": [strong, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"]})
}

test_unknown_when_embedded if {
	doc := t.on(comp, "k3s", t.embedded(comp, {}))
	check.unknown with input as doc
	count(check.deny) == 0 with input as doc
	count(check.deny) == 0 with input as t.on(comp, "k3s", t.embedded(comp, {"tls-cipher-suites": ["TLS_RSA_WITH_AES_128_CBC_SHA"]}))
}

test_skip_when_absent if {
	check.skip == "kube-apiserver is not running on this node" with input as t.on("kubelet", "kubeadm", t.running("kubelet"))
}
