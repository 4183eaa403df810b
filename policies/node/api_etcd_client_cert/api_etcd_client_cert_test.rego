package kubeassay.checks.node.api_etcd_client_cert_test

import data.kubeassay.checks.node.api_etcd_client_cert

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
	doc1 := on("kubeadm", process({"etcd-certfile": ["/etc/kubernetes/pki/apiserver-etcd-client.crt"], "etcd-keyfile": ["/etc/kubernetes/pki/apiserver-etcd-client.key"]}))
	not api_etcd_client_cert.skip with input as doc1
	count(api_etcd_client_cert.deny) == 0 with input as doc1
	count(api_etcd_client_cert.warn) == 0 with input as on("kubeadm", process({"etcd-certfile": ["/etc/kubernetes/pki/apiserver-etcd-client.crt"], "etcd-keyfile": ["/etc/kubernetes/pki/apiserver-etcd-client.key"]}))
}

test_fail_when_unset if {
	api_etcd_client_cert.deny == {{"msg": "kube-apiserver --etcd-certfile is not set: the API server cannot authenticate to etcd", "path": "components.kube-apiserver.flags.etcd-certfile", "value": null}, {"msg": "kube-apiserver --etcd-keyfile is not set: the API server cannot authenticate to etcd", "path": "components.kube-apiserver.flags.etcd-keyfile", "value": null}} with input as on("kubeadm", process({}))
}

test_fail_when_only_etcd_certfile_is_set if {
	api_etcd_client_cert.deny == {{"msg": "kube-apiserver --etcd-keyfile is not set: the API server cannot authenticate to etcd", "path": "components.kube-apiserver.flags.etcd-keyfile", "value": null}} with input as on("kubeadm", process({"etcd-certfile": ["/etc/kubernetes/pki/apiserver-etcd-client.crt"]}))
}

test_fail_when_empty if {
	api_etcd_client_cert.deny == {{"msg": "kube-apiserver --etcd-certfile= (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml): the API server cannot authenticate to etcd", "path": "components.kube-apiserver.flags.etcd-certfile", "value": ""}} with input as on("kubeadm", from_manifest({"etcd-certfile": [""], "etcd-keyfile": ["/etc/kubernetes/pki/apiserver-etcd-client.key"]}))
}

test_warn_when_a_named_file_is_missing if {
	api_etcd_client_cert.warn == {{"msg": "kube-apiserver --etcd-certfile names /etc/kubernetes/pki/apiserver-etcd-client.crt, which does not exist on this node", "path": "files[/etc/kubernetes/pki/apiserver-etcd-client.crt].exists", "value": false}} with input as facts("kubeadm", {"kube-apiserver": process({"etcd-certfile": ["/etc/kubernetes/pki/apiserver-etcd-client.crt"], "etcd-keyfile": ["/etc/kubernetes/pki/apiserver-etcd-client.key"]})}, [{"path": "/etc/kubernetes/pki/apiserver-etcd-client.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --etcd-certfile"], "exists": false}])
	doc2 := facts("kubeadm", {"kube-apiserver": process({"etcd-certfile": ["/etc/kubernetes/pki/apiserver-etcd-client.crt"], "etcd-keyfile": ["/etc/kubernetes/pki/apiserver-etcd-client.key"]})}, [{"path": "/etc/kubernetes/pki/apiserver-etcd-client.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --etcd-certfile"], "exists": false}])
	not api_etcd_client_cert.skip with input as doc2
	count(api_etcd_client_cert.deny) == 0 with input as doc2
}

test_skip_when_not_running if {
	api_etcd_client_cert.skip == "kube-apiserver is not running on this node" with input as facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_etcd_client_cert.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as on("eks", process({"etcd-certfile": [""], "etcd-keyfile": ["/etc/kubernetes/pki/apiserver-etcd-client.key"]}))
	api_etcd_client_cert.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_etcd_client_cert.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --etcd-certfile or --etcd-keyfile" with input as on("k3s", embedded({}))
}

test_embedded_flags_are_judged if {
	doc3 := on("k3s", embedded({"etcd-certfile": [""], "etcd-keyfile": ["/etc/kubernetes/pki/apiserver-etcd-client.key"]}))
	not api_etcd_client_cert.skip with input as doc3
	count(api_etcd_client_cert.deny) == 1 with input as doc3
}
