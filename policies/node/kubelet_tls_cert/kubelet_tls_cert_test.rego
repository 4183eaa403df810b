package kubeassay.checks.node.kubelet_tls_cert_test

import data.kubeassay.checks.node.kubelet_tls_cert as check
import data.kubeassay.test.node as t

comp := "kubelet"

unset := t.setting(null, "unset")

on(cert, key, boot) := t.on(comp, "kubeadm", t.configured(comp, "config-file", {
	"tlsCertFile": cert,
	"tlsPrivateKeyFile": key,
	"serverTLSBootstrap": boot,
}))

test_pass_with_files if {
	doc := on(t.setting("/var/lib/kubelet/pki/serving.crt", "flag"), t.setting("/var/lib/kubelet/pki/serving.key", "flag"), t.setting(false, "default"))
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}

test_pass_with_bootstrap if {
	doc := on(unset, unset, t.setting(true, "file:/var/lib/kubelet/config.yaml"))
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}

test_pass_with_bootstrap_when_files_unknown if {
	broken := {"value": null, "source": "unknown", "error": "x: broken"}
	doc := on(broken, broken, t.setting(true, "flag"))
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}

test_fail_self_signed if {
	check.deny == {
		{"msg": "kubelet tlsCertFile is not set and kubelet serverTLSBootstrap is false (the default when a --config file is used): the kubelet serves a self-signed certificate", "path": "components.kubelet.config.settings[tlsCertFile]", "value": null},
		{"msg": "kubelet tlsPrivateKeyFile is not set and kubelet serverTLSBootstrap is false (the default when a --config file is used): the kubelet serves a self-signed certificate", "path": "components.kubelet.config.settings[tlsPrivateKeyFile]", "value": null},
	} with input as on(unset, unset, t.setting(false, "default"))
}

test_fail_with_only_the_certificate if {
	count(check.deny) == 1 with input as on(t.setting("/x.crt", "flag"), t.setting("", "file:/var/lib/kubelet/config.yaml"), t.setting(false, "default"))
}

test_unknown_when_bootstrap_unknown if {
	broken := {"value": null, "source": "unknown", "error": "x: broken"}
	doc := on(unset, unset, broken)
	check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}

test_unknown_when_files_unknown_without_bootstrap if {
	broken := {"value": null, "source": "unknown", "error": "x: broken"}
	doc := on(broken, unset, t.setting(false, "flag"))
	check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}

test_pass_with_files_when_bootstrap_unknown if {
	# k3s writes tlsCertFile into its drop-in; serverTLSBootstrap is left to a default k3s may override.
	doc := t.on(comp, "k3s", t.embedded_configured(comp, {
		"tlsCertFile": t.setting("/var/lib/rancher/k3s/agent/serving-kubelet.crt", "drop-in:/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf"),
		"tlsPrivateKeyFile": t.setting("/var/lib/rancher/k3s/agent/serving-kubelet.key", "drop-in:/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf"),
		"serverTLSBootstrap": t.setting(false, "default"),
	}))
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}
