package kubeassay.checks.node.api_kubelet_client_cert_test

import data.kubeassay.checks.node.api_kubelet_client_cert

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
	doc1 := on("kubeadm", process({"kubelet-client-certificate": ["/etc/kubernetes/pki/apiserver-kubelet-client.crt"], "kubelet-client-key": ["/etc/kubernetes/pki/apiserver-kubelet-client.key"]}))
	not api_kubelet_client_cert.skip with input as doc1
	count(api_kubelet_client_cert.deny) == 0 with input as doc1
	count(api_kubelet_client_cert.warn) == 0 with input as on("kubeadm", process({"kubelet-client-certificate": ["/etc/kubernetes/pki/apiserver-kubelet-client.crt"], "kubelet-client-key": ["/etc/kubernetes/pki/apiserver-kubelet-client.key"]}))
}

test_fail_when_unset if {
	api_kubelet_client_cert.deny == {{"msg": "kube-apiserver --kubelet-client-certificate is not set: the API server cannot authenticate to kubelets", "path": "components.kube-apiserver.flags.kubelet-client-certificate", "value": null}, {"msg": "kube-apiserver --kubelet-client-key is not set: the API server cannot authenticate to kubelets", "path": "components.kube-apiserver.flags.kubelet-client-key", "value": null}} with input as on("kubeadm", process({}))
}

test_fail_when_only_kubelet_client_certificate_is_set if {
	api_kubelet_client_cert.deny == {{"msg": "kube-apiserver --kubelet-client-key is not set: the API server cannot authenticate to kubelets", "path": "components.kube-apiserver.flags.kubelet-client-key", "value": null}} with input as on("kubeadm", process({"kubelet-client-certificate": ["/etc/kubernetes/pki/apiserver-kubelet-client.crt"]}))
}

test_fail_when_empty if {
	api_kubelet_client_cert.deny == {{"msg": "kube-apiserver --kubelet-client-certificate= (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml): the API server cannot authenticate to kubelets", "path": "components.kube-apiserver.flags.kubelet-client-certificate", "value": ""}} with input as on("kubeadm", from_manifest({"kubelet-client-certificate": [""], "kubelet-client-key": ["/etc/kubernetes/pki/apiserver-kubelet-client.key"]}))
}

test_warn_when_a_named_file_is_missing if {
	api_kubelet_client_cert.warn == {{"msg": "kube-apiserver --kubelet-client-certificate names /etc/kubernetes/pki/apiserver-kubelet-client.crt, which does not exist on this node", "path": "files[/etc/kubernetes/pki/apiserver-kubelet-client.crt].exists", "value": false}} with input as facts("kubeadm", {"kube-apiserver": process({"kubelet-client-certificate": ["/etc/kubernetes/pki/apiserver-kubelet-client.crt"], "kubelet-client-key": ["/etc/kubernetes/pki/apiserver-kubelet-client.key"]})}, [{"path": "/etc/kubernetes/pki/apiserver-kubelet-client.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --kubelet-client-certificate"], "exists": false}])
	doc2 := facts("kubeadm", {"kube-apiserver": process({"kubelet-client-certificate": ["/etc/kubernetes/pki/apiserver-kubelet-client.crt"], "kubelet-client-key": ["/etc/kubernetes/pki/apiserver-kubelet-client.key"]})}, [{"path": "/etc/kubernetes/pki/apiserver-kubelet-client.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --kubelet-client-certificate"], "exists": false}])
	not api_kubelet_client_cert.skip with input as doc2
	count(api_kubelet_client_cert.deny) == 0 with input as doc2
}

test_skip_when_not_running if {
	api_kubelet_client_cert.skip == "kube-apiserver is not running on this node" with input as facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_kubelet_client_cert.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as on("eks", process({"kubelet-client-certificate": [""], "kubelet-client-key": ["/etc/kubernetes/pki/apiserver-kubelet-client.key"]}))
	api_kubelet_client_cert.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_kubelet_client_cert.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --kubelet-client-certificate or --kubelet-client-key" with input as on("k3s", embedded({}))
}

test_embedded_flags_are_judged if {
	doc3 := on("k3s", embedded({"kubelet-client-certificate": [""], "kubelet-client-key": ["/etc/kubernetes/pki/apiserver-kubelet-client.key"]}))
	not api_kubelet_client_cert.skip with input as doc3
	count(api_kubelet_client_cert.deny) == 1 with input as doc3
}
