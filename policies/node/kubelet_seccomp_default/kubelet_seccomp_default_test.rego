package kubeassay.checks.node.kubelet_seccomp_default_test

import data.kubeassay.checks.node.kubelet_seccomp_default as check
import data.kubeassay.test.node as t

comp := "kubelet"

key := "seccompDefault"

test_pass_when_true if {
	doc := t.on(comp, "kubeadm", t.configured(comp, "config-file", {key: t.setting(true, "file:/var/lib/kubelet/config.yaml")}))
	not check.skip with input as doc
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}

test_fail_on_default if {
	check.deny == {{"msg": "kubelet seccompDefault is false (the default when a --config file is used); want true", "path": "components.kubelet.config.settings[seccompDefault]", "value": false}} with input as t.on(comp, "kubeadm", t.configured(comp, "config-file", {key: t.setting(false, "default")}))
}

test_fail_when_turned_off_by_flag if {
	count(check.deny) == 1 with input as t.on(comp, "kubeadm", t.configured(comp, "config-file", {key: t.setting(false, "flag")}))
}

test_unknown_when_unreadable if {
	doc := t.on(comp, "kubeadm", t.configured(comp, "config-file", {key: {"value": null, "source": "unknown", "error": "/var/lib/kubelet/config.yaml: broken"}}))
	check.unknown == "kubelet setting seccompDefault (/var/lib/kubelet/config.yaml: broken) could not be determined" with input as doc
	count(check.deny) == 0 with input as doc
}

test_unknown_when_embedded_default if {
	check.unknown with input as t.on(comp, "k3s", t.embedded_configured(comp, {key: t.setting(false, "default")}))
	count(check.deny) == 0 with input as t.on(comp, "k3s", t.embedded_configured(comp, {key: t.setting(false, "default")}))
}
