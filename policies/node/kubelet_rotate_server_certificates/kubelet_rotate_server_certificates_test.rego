package kubeassay.checks.node.kubelet_rotate_server_certificates_test

import data.kubeassay.checks.node.kubelet_rotate_server_certificates as check
import data.kubeassay.test.node as t

comp := "kubelet"

gate := "featureGates.RotateKubeletServerCertificate"

unset := t.setting(null, "unset")

on(g, boot, cert) := t.on(comp, "kubeadm", t.configured(comp, "config-file", {
	gate: g,
	"serverTLSBootstrap": boot,
	"tlsCertFile": cert,
	"tlsPrivateKeyFile": cert,
}))

test_pass_with_bootstrap_and_gate if {
	doc := on(t.setting(true, "default"), t.setting(true, "file:/var/lib/kubelet/config.yaml"), unset)
	not check.skip with input as doc
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}

test_fail_when_gate_off if {
	check.deny == {{"msg": "kubelet featureGates.RotateKubeletServerCertificate is false (set by a flag): the kubelet never renews its serving certificate; want true", "path": "components.kubelet.config.settings[featureGates.RotateKubeletServerCertificate]", "value": false}} with input as on(t.setting(false, "flag"), t.setting(true, "file:/var/lib/kubelet/config.yaml"), unset)
}

test_fail_without_bootstrap if {
	check.deny == {{"msg": "kubelet serverTLSBootstrap is false (the default when a --config file is used) and no tlsCertFile is set: the kubelet serves a self-signed certificate that nothing renews; want true", "path": "components.kubelet.config.settings[serverTLSBootstrap]", "value": false}} with input as on(t.setting(true, "default"), t.setting(false, "default"), unset)
}

test_skip_with_external_certificate if {
	doc := on(t.setting(true, "default"), t.setting(false, "default"), t.setting("/etc/kubernetes/certs/kubeletserver.crt", "flag"))
	check.skip == "the kubelet serves the certificate its tlsCertFile names (/etc/kubernetes/certs/kubeletserver.crt), issued outside the cluster's CSR API; renewing it is up to its issuer" with input as doc
}

test_unknown_when_unreadable if {
	broken := {"value": null, "source": "unknown", "error": "x: broken"}
	doc := on(broken, broken, broken)
	check.unknown with input as doc
	not check.skip with input as doc
	count(check.deny) == 0 with input as doc
}

test_skip_on_k3s_with_its_serving_certificate if {
	# k3s writes tlsCertFile into its drop-in; serverTLSBootstrap is left to a default k3s may override.
	doc := t.on(comp, "k3s", t.embedded_configured(comp, {
		gate: t.setting(true, "default"),
		"serverTLSBootstrap": t.setting(false, "default"),
		"tlsCertFile": t.setting("/var/lib/rancher/k3s/agent/serving-kubelet.crt", "drop-in:/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf"),
		"tlsPrivateKeyFile": t.setting("/var/lib/rancher/k3s/agent/serving-kubelet.key", "drop-in:/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf"),
	}))
	check.skip == "the kubelet serves the certificate its tlsCertFile names (/var/lib/rancher/k3s/agent/serving-kubelet.crt), issued outside the cluster's CSR API; renewing it is up to its issuer" with input as doc
}

test_unknown_bootstrap_with_external_certificate_is_undecided_not_skipped if {
	doc := on(t.setting(true, "default"), t.setting(null, "unknown"), t.setting("/etc/kubelet/tls.crt", "file:/var/lib/kubelet/config.yaml"))
	not check.skip with input as doc
}
