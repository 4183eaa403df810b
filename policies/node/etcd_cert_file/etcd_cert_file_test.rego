package kubeassay.checks.node.etcd_cert_file_test

import data.kubeassay.checks.node.etcd_cert_file
import data.kubeassay.test.node as t

comp := "etcd"

test_pass_when_set if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"cert-file": ["/etc/kubernetes/pki/etcd/server.crt"], "key-file": ["/etc/kubernetes/pki/etcd/server.key"]}))
	not etcd_cert_file.skip with input as doc1
	count(etcd_cert_file.deny) == 0 with input as doc1
	count(etcd_cert_file.warn) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"cert-file": ["/etc/kubernetes/pki/etcd/server.crt"], "key-file": ["/etc/kubernetes/pki/etcd/server.key"]}))
}

test_fail_when_unset if {
	etcd_cert_file.deny == {{"msg": "etcd --cert-file is not set: etcd serves its clients without TLS", "path": "components.etcd.flags.cert-file", "value": null}, {"msg": "etcd --key-file is not set: etcd serves its clients without TLS", "path": "components.etcd.flags.key-file", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_fail_when_only_cert_file_is_set if {
	etcd_cert_file.deny == {{"msg": "etcd --key-file is not set: etcd serves its clients without TLS", "path": "components.etcd.flags.key-file", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {"cert-file": ["/etc/kubernetes/pki/etcd/server.crt"]}))
}

test_fail_when_empty if {
	etcd_cert_file.deny == {{"msg": "etcd --cert-file= (set in static pod manifest /etc/kubernetes/manifests/etcd.yaml): etcd serves its clients without TLS", "path": "components.etcd.flags.cert-file", "value": ""}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"cert-file": [""], "key-file": ["/etc/kubernetes/pki/etcd/server.key"]}))
}

test_warn_when_a_named_file_is_missing if {
	etcd_cert_file.warn == {{"msg": "etcd --cert-file names /etc/kubernetes/pki/etcd/server.crt, which does not exist on this node", "path": "files[/etc/kubernetes/pki/etcd/server.crt].exists", "value": false}} with input as t.facts("kubeadm", {"etcd": t.process(comp, {"cert-file": ["/etc/kubernetes/pki/etcd/server.crt"], "key-file": ["/etc/kubernetes/pki/etcd/server.key"]})}, [{"path": "/etc/kubernetes/pki/etcd/server.crt", "roles": ["test"], "discoveredBy": ["flag:etcd --cert-file"], "exists": false}])
	doc2 := t.facts("kubeadm", {"etcd": t.process(comp, {"cert-file": ["/etc/kubernetes/pki/etcd/server.crt"], "key-file": ["/etc/kubernetes/pki/etcd/server.key"]})}, [{"path": "/etc/kubernetes/pki/etcd/server.crt", "roles": ["test"], "discoveredBy": ["flag:etcd --cert-file"], "exists": false}])
	not etcd_cert_file.skip with input as doc2
	count(etcd_cert_file.deny) == 0 with input as doc2
}

test_skip_when_not_running if {
	etcd_cert_file.skip == "etcd is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	etcd_cert_file.skip == "managed control plane (eks): etcd is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"cert-file": [""], "key-file": ["/etc/kubernetes/pki/etcd/server.key"]}))
	etcd_cert_file.skip == "managed control plane (aks): etcd is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	etcd_cert_file.unknown == "etcd runs inside k3s, whose built-in arguments are not recorded, and etcd-arg does not set --cert-file or --key-file" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	doc3 := t.on(comp, "k3s", t.embedded(comp, {"cert-file": [""], "key-file": ["/etc/kubernetes/pki/etcd/server.key"]}))
	not etcd_cert_file.skip with input as doc3
	count(etcd_cert_file.deny) == 1 with input as doc3
}
