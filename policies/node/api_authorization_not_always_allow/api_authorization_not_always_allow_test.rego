package kubeassay.checks.node.api_authorization_not_always_allow_test

import data.kubeassay.checks.node.api_authorization_not_always_allow
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_with_node_and_rbac if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"authorization-mode": ["Node,RBAC"]}))
	not api_authorization_not_always_allow.skip with input as doc1
	count(api_authorization_not_always_allow.deny) == 0 with input as doc1
}

test_repeated_flags_accumulate if {
	doc2 := t.on(comp, "kubeadm", t.process(comp, {"authorization-mode": ["Node", "RBAC"]}))
	not api_authorization_not_always_allow.skip with input as doc2
	count(api_authorization_not_always_allow.deny) == 0 with input as doc2
}

test_fail_with_always_allow if {
	api_authorization_not_always_allow.deny == {{"msg": "kube-apiserver --authorization-mode=AlwaysAllow (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml): every authenticated request is allowed", "path": "components.kube-apiserver.flags.authorization-mode", "value": "AlwaysAllow"}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"authorization-mode": ["AlwaysAllow"]}))
}

test_fail_with_always_allow_in_a_repeated_flag if {
	api_authorization_not_always_allow.deny == {{"msg": "kube-apiserver --authorization-mode=RBAC,AlwaysAllow (set on the command line): every authenticated request is allowed", "path": "components.kube-apiserver.flags.authorization-mode", "value": "AlwaysAllow"}} with input as t.on(comp, "kubeadm", t.process(comp, {"authorization-mode": ["RBAC", "AlwaysAllow"]}))
}

test_fail_by_default if {
	api_authorization_not_always_allow.deny == {{"msg": "kube-apiserver --authorization-mode is not set (default AlwaysAllow): every authenticated request is allowed", "path": "components.kube-apiserver.flags.authorization-mode", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false"]}))
}

test_unknown_when_authorizers_come_from_a_file if {
	api_authorization_not_always_allow.unknown == "kube-apiserver takes its authorizers from --authorization-config=/etc/kubernetes/authz.yaml (set on the command line), whose content the node facts do not record" with input as t.on(comp, "kubeadm", t.process(comp, {"authorization-config": ["/etc/kubernetes/authz.yaml"]}))
}

test_skip_when_not_running if {
	api_authorization_not_always_allow.skip == "kube-apiserver is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_authorization_not_always_allow.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"authorization-mode": ["AlwaysAllow"]}))
	api_authorization_not_always_allow.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_authorization_not_always_allow.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --authorization-mode" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	not api_authorization_not_always_allow.skip with input as t.on(comp, "k3s", t.embedded(comp, {"authorization-mode": ["AlwaysAllow"]}))
	count(api_authorization_not_always_allow.deny) == 1 with input as t.on(comp, "k3s", t.embedded(comp, {"authorization-mode": ["AlwaysAllow"]}))
}
