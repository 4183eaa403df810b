package kubeassay.checks.node.cm_bind_address_test

import data.kubeassay.checks.node.cm_bind_address
import data.kubeassay.test.node as t

comp := "kube-controller-manager"

test_pass_on_loopback if {
	not cm_bind_address.skip with input as t.on(comp, "kubeadm", t.process(comp, {"bind-address": ["127.0.0.1"]}))
	count(cm_bind_address.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"bind-address": ["127.0.0.1"]}))
	not cm_bind_address.skip with input as t.on(comp, "kubeadm", t.process(comp, {"bind-address": ["::1"]}))
	count(cm_bind_address.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"bind-address": ["::1"]}))
}

test_fail_on_every_interface if {
	cm_bind_address.deny == {{"msg": "kube-controller-manager --bind-address=0.0.0.0 (set in static pod manifest /etc/kubernetes/manifests/kube-controller-manager.yaml); want 127.0.0.1", "path": "components.kube-controller-manager.flags.bind-address", "value": "0.0.0.0"}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"bind-address": ["0.0.0.0"]}))
}

test_fail_on_a_node_address if {
	not cm_bind_address.skip with input as t.on(comp, "kubeadm", t.process(comp, {"bind-address": ["192.0.2.10"]}))
	count(cm_bind_address.deny) == 1 with input as t.on(comp, "kubeadm", t.process(comp, {"bind-address": ["192.0.2.10"]}))
}

test_fail_by_default if {
	cm_bind_address.deny == {{"msg": "kube-controller-manager --bind-address is not set (default 0.0.0.0); want 127.0.0.1", "path": "components.kube-controller-manager.flags.bind-address", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false"]}))
}

test_skip_when_not_running if {
	cm_bind_address.skip == "kube-controller-manager is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	cm_bind_address.skip == "managed control plane (eks): kube-controller-manager is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"bind-address": ["0.0.0.0"]}))
	cm_bind_address.skip == "managed control plane (aks): kube-controller-manager is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	cm_bind_address.unknown == "kube-controller-manager runs inside k3s, whose built-in arguments are not recorded, and kube-controller-manager-arg does not set --bind-address" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	not cm_bind_address.skip with input as t.on(comp, "k3s", t.embedded(comp, {"bind-address": ["0.0.0.0"]}))
	count(cm_bind_address.deny) == 1 with input as t.on(comp, "k3s", t.embedded(comp, {"bind-address": ["0.0.0.0"]}))
}
