package kubeassay.checks.node.api_authorization_rbac_test

import data.kubeassay.checks.node.api_authorization_rbac
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_with_node_and_rbac if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"authorization-mode": ["Node,RBAC"]}))
	not api_authorization_rbac.skip with input as doc1
	count(api_authorization_rbac.deny) == 0 with input as doc1
}

test_repeated_flags_accumulate if {
	doc2 := t.on(comp, "kubeadm", t.process(comp, {"authorization-mode": ["Node", "RBAC"]}))
	not api_authorization_rbac.skip with input as doc2
	count(api_authorization_rbac.deny) == 0 with input as doc2
}

test_fail_without_rbac if {
	api_authorization_rbac.deny == {{"msg": "kube-apiserver --authorization-mode=Node,Webhook (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml) does not include RBAC", "path": "components.kube-apiserver.flags.authorization-mode", "value": "Node,Webhook"}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"authorization-mode": ["Node,Webhook"]}))
}

test_names_are_case_sensitive if {
	doc3 := t.on(comp, "kubeadm", t.process(comp, {"authorization-mode": ["node,rbac"]}))
	not api_authorization_rbac.skip with input as doc3
	count(api_authorization_rbac.deny) == 1 with input as doc3
}

test_fail_by_default if {
	api_authorization_rbac.deny == {{"msg": "kube-apiserver --authorization-mode is not set (default AlwaysAllow) does not include RBAC", "path": "components.kube-apiserver.flags.authorization-mode", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false"]}))
}

test_unknown_when_authorizers_come_from_a_file if {
	api_authorization_rbac.unknown == "kube-apiserver takes its authorizers from --authorization-config=/etc/kubernetes/authz.yaml (set on the command line), whose content the node facts do not record" with input as t.on(comp, "kubeadm", t.process(comp, {"authorization-config": ["/etc/kubernetes/authz.yaml"]}))
}

test_skip_when_not_running if {
	api_authorization_rbac.skip == "kube-apiserver is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_authorization_rbac.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"authorization-mode": ["Node,Webhook"]}))
	api_authorization_rbac.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_authorization_rbac.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --authorization-mode" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	doc4 := t.on(comp, "k3s", t.embedded(comp, {"authorization-mode": ["Node,Webhook"]}))
	not api_authorization_rbac.skip with input as doc4
	count(api_authorization_rbac.deny) == 1 with input as doc4
}
