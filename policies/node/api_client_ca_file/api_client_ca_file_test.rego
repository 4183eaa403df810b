package kubeassay.checks.node.api_client_ca_file_test

import data.kubeassay.checks.node.api_client_ca_file
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_when_set if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"client-ca-file": ["/etc/kubernetes/pki/ca.crt"]}))
	not api_client_ca_file.skip with input as doc1
	count(api_client_ca_file.deny) == 0 with input as doc1
	count(api_client_ca_file.warn) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"client-ca-file": ["/etc/kubernetes/pki/ca.crt"]}))
}

test_fail_when_unset if {
	api_client_ca_file.deny == {{"msg": "kube-apiserver --client-ca-file is not set: client certificates are not accepted", "path": "components.kube-apiserver.flags.client-ca-file", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_fail_when_empty if {
	api_client_ca_file.deny == {{"msg": "kube-apiserver --client-ca-file= (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml): client certificates are not accepted", "path": "components.kube-apiserver.flags.client-ca-file", "value": ""}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"client-ca-file": [""]}))
}

test_warn_when_a_named_file_is_missing if {
	api_client_ca_file.warn == {{"msg": "kube-apiserver --client-ca-file names /etc/kubernetes/pki/ca.crt, which does not exist on this node", "path": "files[/etc/kubernetes/pki/ca.crt].exists", "value": false}} with input as t.facts("kubeadm", {"kube-apiserver": t.process(comp, {"client-ca-file": ["/etc/kubernetes/pki/ca.crt"]})}, [{"path": "/etc/kubernetes/pki/ca.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --client-ca-file"], "exists": false}])
	doc2 := t.facts("kubeadm", {"kube-apiserver": t.process(comp, {"client-ca-file": ["/etc/kubernetes/pki/ca.crt"]})}, [{"path": "/etc/kubernetes/pki/ca.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --client-ca-file"], "exists": false}])
	not api_client_ca_file.skip with input as doc2
	count(api_client_ca_file.deny) == 0 with input as doc2
}

test_skip_when_not_running if {
	api_client_ca_file.skip == "kube-apiserver is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_client_ca_file.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"client-ca-file": [""]}))
	api_client_ca_file.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_client_ca_file.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --client-ca-file" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	not api_client_ca_file.skip with input as t.on(comp, "k3s", t.embedded(comp, {"client-ca-file": [""]}))
	count(api_client_ca_file.deny) == 1 with input as t.on(comp, "k3s", t.embedded(comp, {"client-ca-file": [""]}))
}
