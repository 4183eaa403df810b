package kubeassay.checks.node.api_kubelet_certificate_authority_test

import data.kubeassay.checks.node.api_kubelet_certificate_authority
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_when_set if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"kubelet-certificate-authority": ["/etc/kubernetes/pki/ca.crt"]}))
	not api_kubelet_certificate_authority.skip with input as doc1
	count(api_kubelet_certificate_authority.deny) == 0 with input as doc1
	count(api_kubelet_certificate_authority.warn) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"kubelet-certificate-authority": ["/etc/kubernetes/pki/ca.crt"]}))
}

test_fail_when_unset if {
	api_kubelet_certificate_authority.deny == {{"msg": "kube-apiserver --kubelet-certificate-authority is not set: kubelet serving certificates are not verified", "path": "components.kube-apiserver.flags.kubelet-certificate-authority", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_fail_when_empty if {
	api_kubelet_certificate_authority.deny == {{"msg": "kube-apiserver --kubelet-certificate-authority= (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml): kubelet serving certificates are not verified", "path": "components.kube-apiserver.flags.kubelet-certificate-authority", "value": ""}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"kubelet-certificate-authority": [""]}))
}

test_warn_when_a_named_file_is_missing if {
	api_kubelet_certificate_authority.warn == {{"msg": "kube-apiserver --kubelet-certificate-authority names /etc/kubernetes/pki/ca.crt, which does not exist on this node", "path": "files[/etc/kubernetes/pki/ca.crt].exists", "value": false}} with input as t.facts("kubeadm", {"kube-apiserver": t.process(comp, {"kubelet-certificate-authority": ["/etc/kubernetes/pki/ca.crt"]})}, [{"path": "/etc/kubernetes/pki/ca.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --kubelet-certificate-authority"], "exists": false}])
	doc2 := t.facts("kubeadm", {"kube-apiserver": t.process(comp, {"kubelet-certificate-authority": ["/etc/kubernetes/pki/ca.crt"]})}, [{"path": "/etc/kubernetes/pki/ca.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --kubelet-certificate-authority"], "exists": false}])
	not api_kubelet_certificate_authority.skip with input as doc2
	count(api_kubelet_certificate_authority.deny) == 0 with input as doc2
}

test_skip_when_not_running if {
	api_kubelet_certificate_authority.skip == "kube-apiserver is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_kubelet_certificate_authority.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"kubelet-certificate-authority": [""]}))
	api_kubelet_certificate_authority.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_kubelet_certificate_authority.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --kubelet-certificate-authority" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	not api_kubelet_certificate_authority.skip with input as t.on(comp, "k3s", t.embedded(comp, {"kubelet-certificate-authority": [""]}))
	count(api_kubelet_certificate_authority.deny) == 1 with input as t.on(comp, "k3s", t.embedded(comp, {"kubelet-certificate-authority": [""]}))
}
