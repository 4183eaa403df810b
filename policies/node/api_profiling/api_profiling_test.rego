package kubeassay.checks.node.api_profiling_test

import data.kubeassay.checks.node.api_profiling

facts(platform, components, files) := {
	"apiVersion": "kubeassay/v1",
	"kind": "NodeFacts",
	"metadata": {"name": "cp1"},
	"platform": {"name": platform},
	"components": components,
	"files": files,
}

manifest := "/etc/kubernetes/manifests/kube-apiserver.yaml"

process(flags) := {
	"name": "kube-apiserver",
	"running": true,
	"source": "process",
	"flags": flags,
	"flagSources": {name: "cmdline" | some name, _ in flags},
	"manifestPath": manifest,
}

from_manifest(flags) := {
	"name": "kube-apiserver",
	"running": false,
	"source": concat("", ["manifest:", manifest]),
	"flags": flags,
	"flagSources": {name: concat("", ["manifest:", manifest]) | some name, _ in flags},
	"manifestPath": manifest,
}

embedded(flags) := {
	"name": "kube-apiserver",
	"running": true,
	"source": "embedded:k3s",
	"flags": flags,
	"flagSources": {name: "file:/etc/rancher/k3s/config.yaml" | some name, _ in flags},
}

on(platform, component) := facts(platform, {"kube-apiserver": component}, [])

test_pass_when_false if {
	not api_profiling.skip with input as on("kubeadm", process({"profiling": ["false"]}))
	count(api_profiling.deny) == 0 with input as on("kubeadm", process({"profiling": ["false"]}))
}

test_pass_with_any_spelling_go_accepts if {
	not api_profiling.skip with input as on("kubeadm", process({"profiling": ["False"]}))
	count(api_profiling.deny) == 0 with input as on("kubeadm", process({"profiling": ["False"]}))
}

test_fail_when_true if {
	api_profiling.deny == {{"msg": "kube-apiserver --profiling=true (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml); want false", "path": "components.kube-apiserver.flags.profiling", "value": "true"}} with input as on("kubeadm", from_manifest({"profiling": ["true"]}))
}

test_fail_by_default if {
	api_profiling.deny == {{"msg": "kube-apiserver --profiling is not set (default true); want false", "path": "components.kube-apiserver.flags.profiling", "value": null}} with input as on("kubeadm", process({}))
}

test_last_value_wins if {
	not api_profiling.skip with input as on("kubeadm", process({"profiling": ["true", "false"]}))
	count(api_profiling.deny) == 0 with input as on("kubeadm", process({"profiling": ["true", "false"]}))
	not api_profiling.skip with input as on("kubeadm", process({"profiling": ["false", "true"]}))
	count(api_profiling.deny) == 1 with input as on("kubeadm", process({"profiling": ["false", "true"]}))
}

test_skip_when_not_running if {
	api_profiling.skip == "kube-apiserver is not running on this node" with input as facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_profiling.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as on("eks", process({"profiling": ["true"]}))
	api_profiling.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_profiling.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --profiling" with input as on("k3s", embedded({}))
}

test_embedded_flags_are_judged if {
	not api_profiling.skip with input as on("k3s", embedded({"profiling": ["true"]}))
	count(api_profiling.deny) == 1 with input as on("k3s", embedded({"profiling": ["true"]}))
}
