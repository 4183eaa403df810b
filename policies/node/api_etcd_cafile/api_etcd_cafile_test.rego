package kubeassay.checks.node.api_etcd_cafile_test

import data.kubeassay.checks.node.api_etcd_cafile

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

test_pass_when_set if {
	doc1 := on("kubeadm", process({"etcd-cafile": ["/etc/kubernetes/pki/etcd/ca.crt"]}))
	not api_etcd_cafile.skip with input as doc1
	count(api_etcd_cafile.deny) == 0 with input as doc1
	count(api_etcd_cafile.warn) == 0 with input as on("kubeadm", process({"etcd-cafile": ["/etc/kubernetes/pki/etcd/ca.crt"]}))
}

test_fail_when_unset if {
	api_etcd_cafile.deny == {{"msg": "kube-apiserver --etcd-cafile is not set: etcd's certificate is not verified", "path": "components.kube-apiserver.flags.etcd-cafile", "value": null}} with input as on("kubeadm", process({}))
}

test_fail_when_empty if {
	api_etcd_cafile.deny == {{"msg": "kube-apiserver --etcd-cafile= (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml): etcd's certificate is not verified", "path": "components.kube-apiserver.flags.etcd-cafile", "value": ""}} with input as on("kubeadm", from_manifest({"etcd-cafile": [""]}))
}

test_warn_when_a_named_file_is_missing if {
	api_etcd_cafile.warn == {{"msg": "kube-apiserver --etcd-cafile names /etc/kubernetes/pki/etcd/ca.crt, which does not exist on this node", "path": "files[/etc/kubernetes/pki/etcd/ca.crt].exists", "value": false}} with input as facts("kubeadm", {"kube-apiserver": process({"etcd-cafile": ["/etc/kubernetes/pki/etcd/ca.crt"]})}, [{"path": "/etc/kubernetes/pki/etcd/ca.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --etcd-cafile"], "exists": false}])
	doc2 := facts("kubeadm", {"kube-apiserver": process({"etcd-cafile": ["/etc/kubernetes/pki/etcd/ca.crt"]})}, [{"path": "/etc/kubernetes/pki/etcd/ca.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --etcd-cafile"], "exists": false}])
	not api_etcd_cafile.skip with input as doc2
	count(api_etcd_cafile.deny) == 0 with input as doc2
}

test_skip_when_not_running if {
	api_etcd_cafile.skip == "kube-apiserver is not running on this node" with input as facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_etcd_cafile.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as on("eks", process({"etcd-cafile": [""]}))
	api_etcd_cafile.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_etcd_cafile.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --etcd-cafile" with input as on("k3s", embedded({}))
}

test_embedded_flags_are_judged if {
	not api_etcd_cafile.skip with input as on("k3s", embedded({"etcd-cafile": [""]}))
	count(api_etcd_cafile.deny) == 1 with input as on("k3s", embedded({"etcd-cafile": [""]}))
}
