package kubeassay.checks.node.kubelet_pod_pids_limit_test

import data.kubeassay.checks.node.kubelet_pod_pids_limit as check
import data.kubeassay.test.node as t

comp := "kubelet"

key := "podPidsLimit"

on(value, source) := t.on(comp, "kubeadm", t.configured(comp, "config-file", {key: t.setting(value, source)}))

test_pass_with_a_limit if {
	doc := on(4096, "file:/var/lib/kubelet/config.yaml")
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
	count(check.deny) == 0 with input as on("1024", "flag")
}

test_fail_on_default if {
	check.deny == {{"msg": "kubelet podPidsLimit is -1 (the default when a --config file is used): pods may start any number of processes; want a positive limit", "path": "components.kubelet.config.settings[podPidsLimit]", "value": -1}} with input as on(-1, "default")
}

test_fail_on_zero_and_garbage if {
	count(check.deny) == 1 with input as on(0, "file:/var/lib/kubelet/config.yaml")
	count(check.deny) == 1 with input as on("lots", "flag")
}

test_unknown_when_unreadable if {
	doc := t.on(comp, "kubeadm", t.configured(comp, "config-file", {key: {"value": null, "source": "unknown", "error": "x: broken"}}))
	check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}
