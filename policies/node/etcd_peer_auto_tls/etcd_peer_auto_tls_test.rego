package kubeassay.checks.node.etcd_peer_auto_tls_test

import data.kubeassay.checks.node.etcd_peer_auto_tls
import data.kubeassay.test.node as t

comp := "etcd"

test_pass_when_false if {
	not etcd_peer_auto_tls.skip with input as t.on(comp, "kubeadm", t.process(comp, {"peer-auto-tls": ["false"]}))
	count(etcd_peer_auto_tls.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"peer-auto-tls": ["false"]}))
}

test_pass_with_any_spelling_go_accepts if {
	not etcd_peer_auto_tls.skip with input as t.on(comp, "kubeadm", t.process(comp, {"peer-auto-tls": ["False"]}))
	count(etcd_peer_auto_tls.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"peer-auto-tls": ["False"]}))
}

test_fail_when_true if {
	etcd_peer_auto_tls.deny == {{"msg": "etcd --peer-auto-tls=true (set in static pod manifest /etc/kubernetes/manifests/etcd.yaml); want it unset or false", "path": "components.etcd.flags.peer-auto-tls", "value": "true"}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"peer-auto-tls": ["true"]}))
}

test_pass_by_default if {
	not etcd_peer_auto_tls.skip with input as t.on(comp, "kubeadm", t.process(comp, {}))
	count(etcd_peer_auto_tls.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_last_value_wins if {
	not etcd_peer_auto_tls.skip with input as t.on(comp, "kubeadm", t.process(comp, {"peer-auto-tls": ["true", "false"]}))
	count(etcd_peer_auto_tls.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"peer-auto-tls": ["true", "false"]}))
	not etcd_peer_auto_tls.skip with input as t.on(comp, "kubeadm", t.process(comp, {"peer-auto-tls": ["false", "true"]}))
	count(etcd_peer_auto_tls.deny) == 1 with input as t.on(comp, "kubeadm", t.process(comp, {"peer-auto-tls": ["false", "true"]}))
}

test_skip_when_not_running if {
	etcd_peer_auto_tls.skip == "etcd is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	etcd_peer_auto_tls.skip == "managed control plane (eks): etcd is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"peer-auto-tls": ["true"]}))
	etcd_peer_auto_tls.skip == "managed control plane (aks): etcd is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	etcd_peer_auto_tls.unknown == "etcd runs inside k3s, whose built-in arguments are not recorded, and etcd-arg does not set --peer-auto-tls" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	not etcd_peer_auto_tls.skip with input as t.on(comp, "k3s", t.embedded(comp, {"peer-auto-tls": ["true"]}))
	count(etcd_peer_auto_tls.deny) == 1 with input as t.on(comp, "k3s", t.embedded(comp, {"peer-auto-tls": ["true"]}))
}
