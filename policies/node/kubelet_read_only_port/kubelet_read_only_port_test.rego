package kubeassay.checks.node.kubelet_read_only_port_test

import data.kubeassay.checks.node.kubelet_read_only_port as check
import data.kubeassay.test.node as t

comp := "kubelet"

key := "readOnlyPort"

on(value, source) := t.on(comp, "kubeadm", t.configured(comp, "config-file", {key: t.setting(value, source)}))

test_pass_when_off if {
	doc := on(0, "default")
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
	count(check.deny) == 0 with input as on("0", "flag")
}

test_fail_when_on if {
	fs := check.deny with input as on(10255, "file:/var/lib/kubelet/config.yaml")
	count(fs) == 1
	some f in fs
	f.value == 10255
	count(check.deny) == 1 with input as on("10255", "flag")
	count(check.deny) == 1 with input as on("garbage", "flag")
}

test_unknown_when_unreadable if {
	doc := t.on(comp, "kubeadm", t.configured(comp, "config-file", {key: {"value": null, "source": "unknown", "error": "x: broken"}}))
	check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}
