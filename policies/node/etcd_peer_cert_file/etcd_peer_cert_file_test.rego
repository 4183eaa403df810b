package kubeassay.checks.node.etcd_peer_cert_file_test

import data.kubeassay.checks.node.etcd_peer_cert_file
import data.kubeassay.test.node as t

comp := "etcd"

test_pass_when_set if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"peer-cert-file": ["/etc/kubernetes/pki/etcd/peer.crt"], "peer-key-file": ["/etc/kubernetes/pki/etcd/peer.key"]}))
	not etcd_peer_cert_file.skip with input as doc1
	count(etcd_peer_cert_file.deny) == 0 with input as doc1
	count(etcd_peer_cert_file.warn) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"peer-cert-file": ["/etc/kubernetes/pki/etcd/peer.crt"], "peer-key-file": ["/etc/kubernetes/pki/etcd/peer.key"]}))
}

test_fail_when_unset if {
	etcd_peer_cert_file.deny == {{"msg": "etcd --peer-cert-file is not set: etcd replicates to its peers without TLS", "path": "components.etcd.flags.peer-cert-file", "value": null}, {"msg": "etcd --peer-key-file is not set: etcd replicates to its peers without TLS", "path": "components.etcd.flags.peer-key-file", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_fail_when_only_peer_cert_file_is_set if {
	etcd_peer_cert_file.deny == {{"msg": "etcd --peer-key-file is not set: etcd replicates to its peers without TLS", "path": "components.etcd.flags.peer-key-file", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {"peer-cert-file": ["/etc/kubernetes/pki/etcd/peer.crt"]}))
}

test_fail_when_empty if {
	etcd_peer_cert_file.deny == {{"msg": "etcd --peer-cert-file= (set in static pod manifest /etc/kubernetes/manifests/etcd.yaml): etcd replicates to its peers without TLS", "path": "components.etcd.flags.peer-cert-file", "value": ""}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"peer-cert-file": [""], "peer-key-file": ["/etc/kubernetes/pki/etcd/peer.key"]}))
}

test_warn_when_a_named_file_is_missing if {
	etcd_peer_cert_file.warn == {{"msg": "etcd --peer-cert-file names /etc/kubernetes/pki/etcd/peer.crt, which does not exist on this node", "path": "files[/etc/kubernetes/pki/etcd/peer.crt].exists", "value": false}} with input as t.facts("kubeadm", {"etcd": t.process(comp, {"peer-cert-file": ["/etc/kubernetes/pki/etcd/peer.crt"], "peer-key-file": ["/etc/kubernetes/pki/etcd/peer.key"]})}, [{"path": "/etc/kubernetes/pki/etcd/peer.crt", "roles": ["test"], "discoveredBy": ["flag:etcd --peer-cert-file"], "exists": false}])
	doc2 := t.facts("kubeadm", {"etcd": t.process(comp, {"peer-cert-file": ["/etc/kubernetes/pki/etcd/peer.crt"], "peer-key-file": ["/etc/kubernetes/pki/etcd/peer.key"]})}, [{"path": "/etc/kubernetes/pki/etcd/peer.crt", "roles": ["test"], "discoveredBy": ["flag:etcd --peer-cert-file"], "exists": false}])
	not etcd_peer_cert_file.skip with input as doc2
	count(etcd_peer_cert_file.deny) == 0 with input as doc2
}

test_skip_when_not_running if {
	etcd_peer_cert_file.skip == "etcd is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	etcd_peer_cert_file.skip == "managed control plane (eks): etcd is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"peer-cert-file": [""], "peer-key-file": ["/etc/kubernetes/pki/etcd/peer.key"]}))
	etcd_peer_cert_file.skip == "managed control plane (aks): etcd is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	etcd_peer_cert_file.unknown == "etcd runs inside k3s, whose built-in arguments are not recorded, and etcd-arg does not set --peer-cert-file or --peer-key-file" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	doc3 := t.on(comp, "k3s", t.embedded(comp, {"peer-cert-file": [""], "peer-key-file": ["/etc/kubernetes/pki/etcd/peer.key"]}))
	not etcd_peer_cert_file.skip with input as doc3
	count(etcd_peer_cert_file.deny) == 1 with input as doc3
}
