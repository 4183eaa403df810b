package kubeassay.checks.node.cm_terminated_pod_gc_threshold_test

import data.kubeassay.checks.node.cm_terminated_pod_gc_threshold as check
import data.kubeassay.test.node as t

comp := "kube-controller-manager"

on(flags) := t.on(comp, "kubeadm", t.process(comp, flags))

test_pass_when_set if {
	doc := on({"terminated-pod-gc-threshold": ["100"]})
	not check.skip with input as doc
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}

test_fail_when_unset if {
	check.deny == {{"msg": "kube-controller-manager --terminated-pod-gc-threshold is not set: the default, 12500 terminated pods, was not chosen for this cluster", "path": "components.kube-controller-manager.flags.terminated-pod-gc-threshold", "value": null}} with input as on({})
}

test_fail_when_not_positive if {
	check.deny == {{"msg": "kube-controller-manager --terminated-pod-gc-threshold=0 (set on the command line): want a positive number (0 or less turns the collector off)", "path": "components.kube-controller-manager.flags.terminated-pod-gc-threshold", "value": "0"}} with input as on({"terminated-pod-gc-threshold": ["0"]})
	count(check.deny) == 1 with input as on({"terminated-pod-gc-threshold": ["-1"]})
	count(check.deny) == 1 with input as on({"terminated-pod-gc-threshold": ["many"]})
}

test_embedded_flags_are_judged if {
	count(check.deny) == 0 with input as t.on(comp, "k3s", t.embedded(comp, {"terminated-pod-gc-threshold": ["10"]}))
	check.unknown with input as t.on(comp, "k3s", t.embedded(comp, {}))
	count(check.deny) == 0 with input as t.on(comp, "k3s", t.embedded(comp, {}))
}
