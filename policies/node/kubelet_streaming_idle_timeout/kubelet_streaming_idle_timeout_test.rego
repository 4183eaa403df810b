package kubeassay.checks.node.kubelet_streaming_idle_timeout_test

import data.kubeassay.checks.node.kubelet_streaming_idle_timeout as check
import data.kubeassay.test.node as t

comp := "kubelet"

key := "streamingConnectionIdleTimeout"

on(value, source) := t.on(comp, "kubeadm", t.configured(comp, "config-file", {key: t.setting(value, source)}))

test_pass_on_durations if {
	doc := on("4h0m0s", "default")
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
	count(check.deny) == 0 with input as on("5m", "flag")
	count(check.deny) == 0 with input as on("1.5h", "file:/var/lib/kubelet/config.yaml")
	every d in [".5s", "5.s", "+5m", "1h30m", "500ms"] {
		count(check.deny) == 0 with input as on(d, "flag")
	}
	count(check.deny) == 1 with input as on(".s", "flag")
	count(check.deny) == 1 with input as on(".0s", "flag")
}

test_fail_on_zero if {
	check.deny == {{"msg": "kubelet streamingConnectionIdleTimeout is \"0s\" (set in /var/lib/kubelet/config.yaml): idle exec, attach and port-forward connections are never closed; want a non-zero duration", "path": "components.kubelet.config.settings[streamingConnectionIdleTimeout]", "value": "0s"}} with input as on("0s", "file:/var/lib/kubelet/config.yaml")
	count(check.deny) == 1 with input as on("0", "flag")
	count(check.deny) == 1 with input as on("0h0m0s", "flag")
	count(check.deny) == 1 with input as on(0, "flag")
}

test_fail_on_garbage if {
	count(check.deny) == 1 with input as on("forever", "flag")
	count(check.deny) == 1 with input as on("-5m", "flag")
}

test_unknown_when_unreadable if {
	doc := t.on(comp, "kubeadm", t.configured(comp, "config-file", {key: {"value": null, "source": "unknown", "error": "x: broken"}}))
	check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}
