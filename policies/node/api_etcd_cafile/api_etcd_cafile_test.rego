package kubeassay.checks.node.api_etcd_cafile_test

import data.kubeassay.checks.node.api_etcd_cafile
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_when_set if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"etcd-cafile": ["/etc/kubernetes/pki/etcd/ca.crt"]}))
	not api_etcd_cafile.skip with input as doc1
	count(api_etcd_cafile.deny) == 0 with input as doc1
	count(api_etcd_cafile.warn) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"etcd-cafile": ["/etc/kubernetes/pki/etcd/ca.crt"]}))
}

test_fail_when_unset if {
	api_etcd_cafile.deny == {{"msg": "kube-apiserver --etcd-cafile is not set: etcd's certificate is not verified", "path": "components.kube-apiserver.flags.etcd-cafile", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_fail_when_empty if {
	api_etcd_cafile.deny == {{"msg": "kube-apiserver --etcd-cafile= (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml): etcd's certificate is not verified", "path": "components.kube-apiserver.flags.etcd-cafile", "value": ""}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"etcd-cafile": [""]}))
}

test_warn_when_a_named_file_is_missing if {
	api_etcd_cafile.warn == {{"msg": "kube-apiserver --etcd-cafile names /etc/kubernetes/pki/etcd/ca.crt, which does not exist on this node", "path": "files[/etc/kubernetes/pki/etcd/ca.crt].exists", "value": false}} with input as t.facts("kubeadm", {"kube-apiserver": t.process(comp, {"etcd-cafile": ["/etc/kubernetes/pki/etcd/ca.crt"]})}, [{"path": "/etc/kubernetes/pki/etcd/ca.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --etcd-cafile"], "exists": false}])
	doc2 := t.facts("kubeadm", {"kube-apiserver": t.process(comp, {"etcd-cafile": ["/etc/kubernetes/pki/etcd/ca.crt"]})}, [{"path": "/etc/kubernetes/pki/etcd/ca.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --etcd-cafile"], "exists": false}])
	not api_etcd_cafile.skip with input as doc2
	count(api_etcd_cafile.deny) == 0 with input as doc2
}

test_skip_when_not_running if {
	api_etcd_cafile.skip == "kube-apiserver is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_etcd_cafile.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"etcd-cafile": [""]}))
	api_etcd_cafile.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_etcd_cafile.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --etcd-cafile" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	not api_etcd_cafile.skip with input as t.on(comp, "k3s", t.embedded(comp, {"etcd-cafile": [""]}))
	count(api_etcd_cafile.deny) == 1 with input as t.on(comp, "k3s", t.embedded(comp, {"etcd-cafile": [""]}))
}
