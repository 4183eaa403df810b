package kubeassay.checks.node.etcd_auto_tls_test

import data.kubeassay.checks.node.etcd_auto_tls

facts(platform, components, files) := {
	"apiVersion": "kubeassay/v1",
	"kind": "NodeFacts",
	"metadata": {"name": "cp1"},
	"platform": {"name": platform},
	"components": components,
	"files": files,
}

manifest := "/etc/kubernetes/manifests/etcd.yaml"

process(flags) := {
	"name": "etcd",
	"running": true,
	"source": "process",
	"flags": flags,
	"flagSources": {name: "cmdline" | some name, _ in flags},
	"manifestPath": manifest,
}

from_manifest(flags) := {
	"name": "etcd",
	"running": false,
	"source": concat("", ["manifest:", manifest]),
	"flags": flags,
	"flagSources": {name: concat("", ["manifest:", manifest]) | some name, _ in flags},
	"manifestPath": manifest,
}

embedded(flags) := {
	"name": "etcd",
	"running": true,
	"source": "embedded:k3s",
	"flags": flags,
	"flagSources": {name: "file:/etc/rancher/k3s/config.yaml" | some name, _ in flags},
}

on(platform, component) := facts(platform, {"etcd": component}, [])

test_pass_when_false if {
	not etcd_auto_tls.skip with input as on("kubeadm", process({"auto-tls": ["false"]}))
	count(etcd_auto_tls.deny) == 0 with input as on("kubeadm", process({"auto-tls": ["false"]}))
}

test_pass_with_any_spelling_go_accepts if {
	not etcd_auto_tls.skip with input as on("kubeadm", process({"auto-tls": ["False"]}))
	count(etcd_auto_tls.deny) == 0 with input as on("kubeadm", process({"auto-tls": ["False"]}))
}

test_fail_when_true if {
	etcd_auto_tls.deny == {{"msg": "etcd --auto-tls=true (set in static pod manifest /etc/kubernetes/manifests/etcd.yaml); want it unset or false", "path": "components.etcd.flags.auto-tls", "value": "true"}} with input as on("kubeadm", from_manifest({"auto-tls": ["true"]}))
}

test_pass_by_default if {
	not etcd_auto_tls.skip with input as on("kubeadm", process({}))
	count(etcd_auto_tls.deny) == 0 with input as on("kubeadm", process({}))
}

test_last_value_wins if {
	not etcd_auto_tls.skip with input as on("kubeadm", process({"auto-tls": ["true", "false"]}))
	count(etcd_auto_tls.deny) == 0 with input as on("kubeadm", process({"auto-tls": ["true", "false"]}))
	not etcd_auto_tls.skip with input as on("kubeadm", process({"auto-tls": ["false", "true"]}))
	count(etcd_auto_tls.deny) == 1 with input as on("kubeadm", process({"auto-tls": ["false", "true"]}))
}

test_skip_when_not_running if {
	etcd_auto_tls.skip == "etcd is not running on this node" with input as facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	etcd_auto_tls.skip == "managed control plane (eks): etcd is run by the provider" with input as on("eks", process({"auto-tls": ["true"]}))
	etcd_auto_tls.skip == "managed control plane (aks): etcd is run by the provider" with input as facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	etcd_auto_tls.unknown == "etcd runs inside k3s, whose built-in arguments are not recorded, and etcd-arg does not set --auto-tls" with input as on("k3s", embedded({}))
}

test_embedded_flags_are_judged if {
	not etcd_auto_tls.skip with input as on("k3s", embedded({"auto-tls": ["true"]}))
	count(etcd_auto_tls.deny) == 1 with input as on("k3s", embedded({"auto-tls": ["true"]}))
}
