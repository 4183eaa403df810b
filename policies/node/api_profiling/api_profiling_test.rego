package kubeassay.checks.node.api_profiling_test

import data.kubeassay.checks.node.api_profiling
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_when_false if {
	not api_profiling.skip with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false"]}))
	count(api_profiling.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false"]}))
}

test_pass_with_any_spelling_go_accepts if {
	not api_profiling.skip with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["False"]}))
	count(api_profiling.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["False"]}))
}

test_fail_when_true if {
	api_profiling.deny == {{"msg": "kube-apiserver --profiling=true (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml); want false", "path": "components.kube-apiserver.flags.profiling", "value": "true"}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"profiling": ["true"]}))
}

test_fail_by_default if {
	api_profiling.deny == {{"msg": "kube-apiserver --profiling is not set (default true); want false", "path": "components.kube-apiserver.flags.profiling", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_last_value_wins if {
	not api_profiling.skip with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["true", "false"]}))
	count(api_profiling.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["true", "false"]}))
	not api_profiling.skip with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false", "true"]}))
	count(api_profiling.deny) == 1 with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false", "true"]}))
}

test_skip_when_not_running if {
	api_profiling.skip == "kube-apiserver is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_profiling.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"profiling": ["true"]}))
	api_profiling.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_profiling.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --profiling" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	not api_profiling.skip with input as t.on(comp, "k3s", t.embedded(comp, {"profiling": ["true"]}))
	count(api_profiling.deny) == 1 with input as t.on(comp, "k3s", t.embedded(comp, {"profiling": ["true"]}))
}
