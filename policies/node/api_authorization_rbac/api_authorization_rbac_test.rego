package kubeassay.checks.node.api_authorization_rbac_test

import data.kubeassay.checks.node.api_authorization_rbac

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

test_pass_with_node_and_rbac if {
	doc1 := on("kubeadm", process({"authorization-mode": ["Node,RBAC"]}))
	not api_authorization_rbac.skip with input as doc1
	count(api_authorization_rbac.deny) == 0 with input as doc1
}

test_repeated_flags_accumulate if {
	doc2 := on("kubeadm", process({"authorization-mode": ["Node", "RBAC"]}))
	not api_authorization_rbac.skip with input as doc2
	count(api_authorization_rbac.deny) == 0 with input as doc2
}

test_fail_without_rbac if {
	api_authorization_rbac.deny == {{"msg": "kube-apiserver --authorization-mode=Node,Webhook (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml) does not include RBAC", "path": "components.kube-apiserver.flags.authorization-mode", "value": "Node,Webhook"}} with input as on("kubeadm", from_manifest({"authorization-mode": ["Node,Webhook"]}))
}

test_names_are_case_sensitive if {
	doc3 := on("kubeadm", process({"authorization-mode": ["node,rbac"]}))
	not api_authorization_rbac.skip with input as doc3
	count(api_authorization_rbac.deny) == 1 with input as doc3
}

test_fail_by_default if {
	api_authorization_rbac.deny == {{"msg": "kube-apiserver --authorization-mode is not set (default AlwaysAllow) does not include RBAC", "path": "components.kube-apiserver.flags.authorization-mode", "value": null}} with input as on("kubeadm", process({"profiling": ["false"]}))
}

test_unknown_when_authorizers_come_from_a_file if {
	api_authorization_rbac.unknown == "kube-apiserver takes its authorizers from --authorization-config=/etc/kubernetes/authz.yaml (set on the command line), whose content the node facts do not record" with input as on("kubeadm", process({"authorization-config": ["/etc/kubernetes/authz.yaml"]}))
}

test_skip_when_not_running if {
	api_authorization_rbac.skip == "kube-apiserver is not running on this node" with input as facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_authorization_rbac.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as on("eks", process({"authorization-mode": ["Node,Webhook"]}))
	api_authorization_rbac.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_authorization_rbac.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --authorization-mode" with input as on("k3s", embedded({}))
}

test_embedded_flags_are_judged if {
	doc4 := on("k3s", embedded({"authorization-mode": ["Node,Webhook"]}))
	not api_authorization_rbac.skip with input as doc4
	count(api_authorization_rbac.deny) == 1 with input as doc4
}
