package kubeassay.checks.node.cm_profiling_test

import data.kubeassay.checks.node.cm_profiling

facts(platform, components, files) := {
	"apiVersion": "kubeassay/v1",
	"kind": "NodeFacts",
	"metadata": {"name": "cp1"},
	"platform": {"name": platform},
	"components": components,
	"files": files,
}

manifest := "/etc/kubernetes/manifests/kube-controller-manager.yaml"

process(flags) := {
	"name": "kube-controller-manager",
	"running": true,
	"source": "process",
	"flags": flags,
	"flagSources": {name: "cmdline" | some name, _ in flags},
	"manifestPath": manifest,
}

from_manifest(flags) := {
	"name": "kube-controller-manager",
	"running": false,
	"source": concat("", ["manifest:", manifest]),
	"flags": flags,
	"flagSources": {name: concat("", ["manifest:", manifest]) | some name, _ in flags},
	"manifestPath": manifest,
}

embedded(flags) := {
	"name": "kube-controller-manager",
	"running": true,
	"source": "embedded:k3s",
	"flags": flags,
	"flagSources": {name: "file:/etc/rancher/k3s/config.yaml" | some name, _ in flags},
}

on(platform, component) := facts(platform, {"kube-controller-manager": component}, [])

test_pass_when_false if {
	not cm_profiling.skip with input as on("kubeadm", process({"profiling": ["false"]}))
	count(cm_profiling.deny) == 0 with input as on("kubeadm", process({"profiling": ["false"]}))
}

test_pass_with_any_spelling_go_accepts if {
	not cm_profiling.skip with input as on("kubeadm", process({"profiling": ["False"]}))
	count(cm_profiling.deny) == 0 with input as on("kubeadm", process({"profiling": ["False"]}))
}

test_fail_when_true if {
	cm_profiling.deny == {{"msg": "kube-controller-manager --profiling=true (set in static pod manifest /etc/kubernetes/manifests/kube-controller-manager.yaml); want false", "path": "components.kube-controller-manager.flags.profiling", "value": "true"}} with input as on("kubeadm", from_manifest({"profiling": ["true"]}))
}

test_fail_by_default if {
	cm_profiling.deny == {{"msg": "kube-controller-manager --profiling is not set (default true); want false", "path": "components.kube-controller-manager.flags.profiling", "value": null}} with input as on("kubeadm", process({}))
}

test_last_value_wins if {
	not cm_profiling.skip with input as on("kubeadm", process({"profiling": ["true", "false"]}))
	count(cm_profiling.deny) == 0 with input as on("kubeadm", process({"profiling": ["true", "false"]}))
	not cm_profiling.skip with input as on("kubeadm", process({"profiling": ["false", "true"]}))
	count(cm_profiling.deny) == 1 with input as on("kubeadm", process({"profiling": ["false", "true"]}))
}

test_skip_when_not_running if {
	cm_profiling.skip == "kube-controller-manager is not running on this node" with input as facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	cm_profiling.skip == "managed control plane (eks): kube-controller-manager is run by the provider" with input as on("eks", process({"profiling": ["true"]}))
	cm_profiling.skip == "managed control plane (aks): kube-controller-manager is run by the provider" with input as facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	cm_profiling.unknown == "kube-controller-manager runs inside k3s, whose built-in arguments are not recorded, and kube-controller-manager-arg does not set --profiling" with input as on("k3s", embedded({}))
}

test_embedded_flags_are_judged if {
	not cm_profiling.skip with input as on("k3s", embedded({"profiling": ["true"]}))
	count(cm_profiling.deny) == 1 with input as on("k3s", embedded({"profiling": ["true"]}))
}
