package kubeassay.checks.node.api_tls_cert_test

import data.kubeassay.checks.node.api_tls_cert

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
	doc1 := on("kubeadm", process({"tls-cert-file": ["/etc/kubernetes/pki/apiserver.crt"], "tls-private-key-file": ["/etc/kubernetes/pki/apiserver.key"]}))
	not api_tls_cert.skip with input as doc1
	count(api_tls_cert.deny) == 0 with input as doc1
	count(api_tls_cert.warn) == 0 with input as on("kubeadm", process({"tls-cert-file": ["/etc/kubernetes/pki/apiserver.crt"], "tls-private-key-file": ["/etc/kubernetes/pki/apiserver.key"]}))
}

test_fail_when_unset if {
	api_tls_cert.deny == {{"msg": "kube-apiserver --tls-cert-file is not set: the API server serves a self-signed certificate", "path": "components.kube-apiserver.flags.tls-cert-file", "value": null}, {"msg": "kube-apiserver --tls-private-key-file is not set: the API server serves a self-signed certificate", "path": "components.kube-apiserver.flags.tls-private-key-file", "value": null}} with input as on("kubeadm", process({}))
}

test_fail_when_only_tls_cert_file_is_set if {
	api_tls_cert.deny == {{"msg": "kube-apiserver --tls-private-key-file is not set: the API server serves a self-signed certificate", "path": "components.kube-apiserver.flags.tls-private-key-file", "value": null}} with input as on("kubeadm", process({"tls-cert-file": ["/etc/kubernetes/pki/apiserver.crt"]}))
}

test_fail_when_empty if {
	api_tls_cert.deny == {{"msg": "kube-apiserver --tls-cert-file= (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml): the API server serves a self-signed certificate", "path": "components.kube-apiserver.flags.tls-cert-file", "value": ""}} with input as on("kubeadm", from_manifest({"tls-cert-file": [""], "tls-private-key-file": ["/etc/kubernetes/pki/apiserver.key"]}))
}

test_warn_when_a_named_file_is_missing if {
	api_tls_cert.warn == {{"msg": "kube-apiserver --tls-cert-file names /etc/kubernetes/pki/apiserver.crt, which does not exist on this node", "path": "files[/etc/kubernetes/pki/apiserver.crt].exists", "value": false}} with input as facts("kubeadm", {"kube-apiserver": process({"tls-cert-file": ["/etc/kubernetes/pki/apiserver.crt"], "tls-private-key-file": ["/etc/kubernetes/pki/apiserver.key"]})}, [{"path": "/etc/kubernetes/pki/apiserver.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --tls-cert-file"], "exists": false}])
	doc2 := facts("kubeadm", {"kube-apiserver": process({"tls-cert-file": ["/etc/kubernetes/pki/apiserver.crt"], "tls-private-key-file": ["/etc/kubernetes/pki/apiserver.key"]})}, [{"path": "/etc/kubernetes/pki/apiserver.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --tls-cert-file"], "exists": false}])
	not api_tls_cert.skip with input as doc2
	count(api_tls_cert.deny) == 0 with input as doc2
}

test_skip_when_not_running if {
	api_tls_cert.skip == "kube-apiserver is not running on this node" with input as facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_tls_cert.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as on("eks", process({"tls-cert-file": [""], "tls-private-key-file": ["/etc/kubernetes/pki/apiserver.key"]}))
	api_tls_cert.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_tls_cert.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --tls-cert-file or --tls-private-key-file" with input as on("k3s", embedded({}))
}

test_embedded_flags_are_judged if {
	doc3 := on("k3s", embedded({"tls-cert-file": [""], "tls-private-key-file": ["/etc/kubernetes/pki/apiserver.key"]}))
	not api_tls_cert.skip with input as doc3
	count(api_tls_cert.deny) == 1 with input as doc3
}
