package kubeassay.checks.node.etcd_peer_client_cert_auth_test

import data.kubeassay.checks.node.etcd_peer_client_cert_auth
import data.kubeassay.test.node as t

comp := "etcd"

test_pass_when_true if {
	not etcd_peer_client_cert_auth.skip with input as t.on(comp, "kubeadm", t.process(comp, {"peer-client-cert-auth": ["true"]}))
	count(etcd_peer_client_cert_auth.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"peer-client-cert-auth": ["true"]}))
}

test_pass_with_any_spelling_go_accepts if {
	not etcd_peer_client_cert_auth.skip with input as t.on(comp, "kubeadm", t.process(comp, {"peer-client-cert-auth": ["1"]}))
	count(etcd_peer_client_cert_auth.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"peer-client-cert-auth": ["1"]}))
}

test_fail_when_false if {
	etcd_peer_client_cert_auth.deny == {{"msg": "etcd --peer-client-cert-auth=false (set in static pod manifest /etc/kubernetes/manifests/etcd.yaml); want true", "path": "components.etcd.flags.peer-client-cert-auth", "value": "false"}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"peer-client-cert-auth": ["false"]}))
}

test_fail_by_default if {
	etcd_peer_client_cert_auth.deny == {{"msg": "etcd --peer-client-cert-auth is not set (default false); want true", "path": "components.etcd.flags.peer-client-cert-auth", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_last_value_wins if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"peer-client-cert-auth": ["false", "true"]}))
	not etcd_peer_client_cert_auth.skip with input as doc1
	count(etcd_peer_client_cert_auth.deny) == 0 with input as doc1
	doc2 := t.on(comp, "kubeadm", t.process(comp, {"peer-client-cert-auth": ["true", "false"]}))
	not etcd_peer_client_cert_auth.skip with input as doc2
	count(etcd_peer_client_cert_auth.deny) == 1 with input as doc2
}

test_skip_when_not_running if {
	etcd_peer_client_cert_auth.skip == "etcd is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	etcd_peer_client_cert_auth.skip == "managed control plane (eks): etcd is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"peer-client-cert-auth": ["false"]}))
	etcd_peer_client_cert_auth.skip == "managed control plane (aks): etcd is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	etcd_peer_client_cert_auth.unknown == "etcd runs inside k3s, whose built-in arguments are not recorded, and etcd-arg does not set --peer-client-cert-auth" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	not etcd_peer_client_cert_auth.skip with input as t.on(comp, "k3s", t.embedded(comp, {"peer-client-cert-auth": ["false"]}))
	count(etcd_peer_client_cert_auth.deny) == 1 with input as t.on(comp, "k3s", t.embedded(comp, {"peer-client-cert-auth": ["false"]}))
}
