package kubeassay.checks.node.api_tls_cert_test

import data.kubeassay.checks.node.api_tls_cert
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_when_set if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"tls-cert-file": ["/etc/kubernetes/pki/apiserver.crt"], "tls-private-key-file": ["/etc/kubernetes/pki/apiserver.key"]}))
	not api_tls_cert.skip with input as doc1
	count(api_tls_cert.deny) == 0 with input as doc1
	count(api_tls_cert.warn) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"tls-cert-file": ["/etc/kubernetes/pki/apiserver.crt"], "tls-private-key-file": ["/etc/kubernetes/pki/apiserver.key"]}))
}

test_fail_when_unset if {
	api_tls_cert.deny == {{"msg": "kube-apiserver --tls-cert-file is not set: the API server serves a self-signed certificate", "path": "components.kube-apiserver.flags.tls-cert-file", "value": null}, {"msg": "kube-apiserver --tls-private-key-file is not set: the API server serves a self-signed certificate", "path": "components.kube-apiserver.flags.tls-private-key-file", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_fail_when_only_tls_cert_file_is_set if {
	api_tls_cert.deny == {{"msg": "kube-apiserver --tls-private-key-file is not set: the API server serves a self-signed certificate", "path": "components.kube-apiserver.flags.tls-private-key-file", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {"tls-cert-file": ["/etc/kubernetes/pki/apiserver.crt"]}))
}

test_fail_when_empty if {
	api_tls_cert.deny == {{"msg": "kube-apiserver --tls-cert-file= (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml): the API server serves a self-signed certificate", "path": "components.kube-apiserver.flags.tls-cert-file", "value": ""}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"tls-cert-file": [""], "tls-private-key-file": ["/etc/kubernetes/pki/apiserver.key"]}))
}

test_warn_when_a_named_file_is_missing if {
	api_tls_cert.warn == {{"msg": "kube-apiserver --tls-cert-file names /etc/kubernetes/pki/apiserver.crt, which does not exist on this node", "path": "files[/etc/kubernetes/pki/apiserver.crt].exists", "value": false}} with input as t.facts("kubeadm", {"kube-apiserver": t.process(comp, {"tls-cert-file": ["/etc/kubernetes/pki/apiserver.crt"], "tls-private-key-file": ["/etc/kubernetes/pki/apiserver.key"]})}, [{"path": "/etc/kubernetes/pki/apiserver.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --tls-cert-file"], "exists": false}])
	doc2 := t.facts("kubeadm", {"kube-apiserver": t.process(comp, {"tls-cert-file": ["/etc/kubernetes/pki/apiserver.crt"], "tls-private-key-file": ["/etc/kubernetes/pki/apiserver.key"]})}, [{"path": "/etc/kubernetes/pki/apiserver.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --tls-cert-file"], "exists": false}])
	not api_tls_cert.skip with input as doc2
	count(api_tls_cert.deny) == 0 with input as doc2
}

test_skip_when_not_running if {
	api_tls_cert.skip == "kube-apiserver is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_tls_cert.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"tls-cert-file": [""], "tls-private-key-file": ["/etc/kubernetes/pki/apiserver.key"]}))
	api_tls_cert.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_tls_cert.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --tls-cert-file or --tls-private-key-file" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	doc3 := t.on(comp, "k3s", t.embedded(comp, {"tls-cert-file": [""], "tls-private-key-file": ["/etc/kubernetes/pki/apiserver.key"]}))
	not api_tls_cert.skip with input as doc3
	count(api_tls_cert.deny) == 1 with input as doc3
}
