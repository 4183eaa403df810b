package kubeassay.checks.node.api_kubelet_client_cert_test

import data.kubeassay.checks.node.api_kubelet_client_cert
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_when_set if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"kubelet-client-certificate": ["/etc/kubernetes/pki/apiserver-kubelet-client.crt"], "kubelet-client-key": ["/etc/kubernetes/pki/apiserver-kubelet-client.key"]}))
	not api_kubelet_client_cert.skip with input as doc1
	count(api_kubelet_client_cert.deny) == 0 with input as doc1
	count(api_kubelet_client_cert.warn) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"kubelet-client-certificate": ["/etc/kubernetes/pki/apiserver-kubelet-client.crt"], "kubelet-client-key": ["/etc/kubernetes/pki/apiserver-kubelet-client.key"]}))
}

test_fail_when_unset if {
	api_kubelet_client_cert.deny == {{"msg": "kube-apiserver --kubelet-client-certificate is not set: the API server cannot authenticate to kubelets", "path": "components.kube-apiserver.flags.kubelet-client-certificate", "value": null}, {"msg": "kube-apiserver --kubelet-client-key is not set: the API server cannot authenticate to kubelets", "path": "components.kube-apiserver.flags.kubelet-client-key", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_fail_when_only_kubelet_client_certificate_is_set if {
	api_kubelet_client_cert.deny == {{"msg": "kube-apiserver --kubelet-client-key is not set: the API server cannot authenticate to kubelets", "path": "components.kube-apiserver.flags.kubelet-client-key", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {"kubelet-client-certificate": ["/etc/kubernetes/pki/apiserver-kubelet-client.crt"]}))
}

test_fail_when_empty if {
	api_kubelet_client_cert.deny == {{"msg": "kube-apiserver --kubelet-client-certificate= (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml): the API server cannot authenticate to kubelets", "path": "components.kube-apiserver.flags.kubelet-client-certificate", "value": ""}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"kubelet-client-certificate": [""], "kubelet-client-key": ["/etc/kubernetes/pki/apiserver-kubelet-client.key"]}))
}

test_warn_when_a_named_file_is_missing if {
	api_kubelet_client_cert.warn == {{"msg": "kube-apiserver --kubelet-client-certificate names /etc/kubernetes/pki/apiserver-kubelet-client.crt, which does not exist on this node", "path": "files[/etc/kubernetes/pki/apiserver-kubelet-client.crt].exists", "value": false}} with input as t.facts("kubeadm", {"kube-apiserver": t.process(comp, {"kubelet-client-certificate": ["/etc/kubernetes/pki/apiserver-kubelet-client.crt"], "kubelet-client-key": ["/etc/kubernetes/pki/apiserver-kubelet-client.key"]})}, [{"path": "/etc/kubernetes/pki/apiserver-kubelet-client.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --kubelet-client-certificate"], "exists": false}])
	doc2 := t.facts("kubeadm", {"kube-apiserver": t.process(comp, {"kubelet-client-certificate": ["/etc/kubernetes/pki/apiserver-kubelet-client.crt"], "kubelet-client-key": ["/etc/kubernetes/pki/apiserver-kubelet-client.key"]})}, [{"path": "/etc/kubernetes/pki/apiserver-kubelet-client.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --kubelet-client-certificate"], "exists": false}])
	not api_kubelet_client_cert.skip with input as doc2
	count(api_kubelet_client_cert.deny) == 0 with input as doc2
}

test_skip_when_not_running if {
	api_kubelet_client_cert.skip == "kube-apiserver is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_kubelet_client_cert.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"kubelet-client-certificate": [""], "kubelet-client-key": ["/etc/kubernetes/pki/apiserver-kubelet-client.key"]}))
	api_kubelet_client_cert.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_kubelet_client_cert.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --kubelet-client-certificate or --kubelet-client-key" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	doc3 := t.on(comp, "k3s", t.embedded(comp, {"kubelet-client-certificate": [""], "kubelet-client-key": ["/etc/kubernetes/pki/apiserver-kubelet-client.key"]}))
	not api_kubelet_client_cert.skip with input as doc3
	count(api_kubelet_client_cert.deny) == 1 with input as doc3
}
