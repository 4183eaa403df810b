package kubeassay.checks.node.api_admission_node_restriction_test

import data.kubeassay.checks.node.api_admission_node_restriction
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_when_enabled if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"enable-admission-plugins": ["NodeRestriction,EventRateLimit"]}))
	not api_admission_node_restriction.skip with input as doc1
	count(api_admission_node_restriction.deny) == 0 with input as doc1
}

test_fail_by_default if {
	api_admission_node_restriction.deny == {{"msg": "kube-apiserver --enable-admission-plugins is not set (the default plugins do not include NodeRestriction): NodeRestriction is off", "path": "components.kube-apiserver.flags.enable-admission-plugins", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false"]}))
}

test_fail_when_not_listed if {
	api_admission_node_restriction.deny == {{"msg": "kube-apiserver --enable-admission-plugins=EventRateLimit (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml) does not include it: NodeRestriction is off", "path": "components.kube-apiserver.flags.enable-admission-plugins", "value": "EventRateLimit"}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"enable-admission-plugins": ["EventRateLimit"]}))
}

test_fail_when_disabled if {
	api_admission_node_restriction.deny == {{"msg": "kube-apiserver --disable-admission-plugins=NodeRestriction (set on the command line) turns it off: NodeRestriction is off", "path": "components.kube-apiserver.flags.disable-admission-plugins", "value": "NodeRestriction"}} with input as t.on(comp, "kubeadm", t.process(comp, {"enable-admission-plugins": ["NodeRestriction"], "disable-admission-plugins": ["NodeRestriction"]}))
}

test_deprecated_list if {
	doc2 := t.on(comp, "kubeadm", t.process(comp, {"admission-control": ["NamespaceLifecycle,NodeRestriction"]}))
	not api_admission_node_restriction.skip with input as doc2
	count(api_admission_node_restriction.deny) == 0 with input as doc2
	api_admission_node_restriction.deny == {{"msg": "kube-apiserver --admission-control=NamespaceLifecycle (set on the command line) does not list it: NodeRestriction is off", "path": "components.kube-apiserver.flags.admission-control", "value": "NamespaceLifecycle"}} with input as t.on(comp, "kubeadm", t.process(comp, {"admission-control": ["NamespaceLifecycle"]}))
}

test_skip_when_not_running if {
	api_admission_node_restriction.skip == "kube-apiserver is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_admission_node_restriction.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"enable-admission-plugins": ["EventRateLimit"]}))
	api_admission_node_restriction.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_admission_node_restriction.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --admission-control or --enable-admission-plugins or --disable-admission-plugins" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_leave_the_plugin_set_unknown if {
	doc3 := t.on(comp, "k3s", t.embedded(comp, {"enable-admission-plugins": ["EventRateLimit"]}))
	not api_admission_node_restriction.skip with input as doc3
	count(api_admission_node_restriction.deny) == 0 with input as doc3

	# k3s passes built-in admission flags of its own that the facts do not record.
	api_admission_node_restriction.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --admission-control or --disable-admission-plugins" with input as doc3
}
