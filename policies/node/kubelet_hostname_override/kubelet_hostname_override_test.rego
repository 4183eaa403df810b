package kubeassay.checks.node.kubelet_hostname_override_test

import data.kubeassay.checks.node.kubelet_hostname_override as check
import data.kubeassay.test.node as t

comp := "kubelet"

key := "hostnameOverride"

on(value, source) := t.on(comp, "kubeadm", t.configured(comp, "config-file", {key: t.setting(value, source)}))

test_pass_when_unset if {
	doc := on(null, "unset")
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}

test_fail_when_set if {
	fs := check.deny with input as on("ip-10-0-1-23.ec2.internal", "flag")
	some f in fs
	f.value == "ip-10-0-1-23.ec2.internal"
	contains(f.msg, "registers under a name other than the host's")
}

test_unknown_when_unreadable if {
	doc := t.on(comp, "kubeadm", t.configured(comp, "config-file", {key: {"value": null, "source": "unknown", "error": "/etc/default/kubelet: permission denied"}}))
	check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}
