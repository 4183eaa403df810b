package kubeassay.checks.node.cm_profiling_test

import data.kubeassay.checks.node.cm_profiling
import data.kubeassay.test.node as t

comp := "kube-controller-manager"

test_pass_when_false if {
	not cm_profiling.skip with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false"]}))
	count(cm_profiling.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false"]}))
}

test_pass_with_any_spelling_go_accepts if {
	not cm_profiling.skip with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["False"]}))
	count(cm_profiling.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["False"]}))
}

test_fail_when_true if {
	cm_profiling.deny == {{"msg": "kube-controller-manager --profiling=true (set in static pod manifest /etc/kubernetes/manifests/kube-controller-manager.yaml); want false", "path": "components.kube-controller-manager.flags.profiling", "value": "true"}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"profiling": ["true"]}))
}

test_fail_by_default if {
	cm_profiling.deny == {{"msg": "kube-controller-manager --profiling is not set (default true); want false", "path": "components.kube-controller-manager.flags.profiling", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_last_value_wins if {
	not cm_profiling.skip with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["true", "false"]}))
	count(cm_profiling.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["true", "false"]}))
	not cm_profiling.skip with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false", "true"]}))
	count(cm_profiling.deny) == 1 with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false", "true"]}))
}

test_skip_when_not_running if {
	cm_profiling.skip == "kube-controller-manager is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	cm_profiling.skip == "managed control plane (eks): kube-controller-manager is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"profiling": ["true"]}))
	cm_profiling.skip == "managed control plane (aks): kube-controller-manager is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	cm_profiling.unknown == "kube-controller-manager runs inside k3s, whose built-in arguments are not recorded, and kube-controller-manager-arg does not set --profiling" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	not cm_profiling.skip with input as t.on(comp, "k3s", t.embedded(comp, {"profiling": ["true"]}))
	count(cm_profiling.deny) == 1 with input as t.on(comp, "k3s", t.embedded(comp, {"profiling": ["true"]}))
}
