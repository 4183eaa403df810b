package kubeassay.checks.node.api_admission_always_admit_test

import data.kubeassay.checks.node.api_admission_always_admit
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_when_not_enabled if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"enable-admission-plugins": ["NodeRestriction"]}))
	not api_admission_always_admit.skip with input as doc1
	count(api_admission_always_admit.deny) == 0 with input as doc1
}

test_pass_by_default if {
	not api_admission_always_admit.skip with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false"]}))
	count(api_admission_always_admit.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false"]}))
}

test_fail_when_enabled if {
	api_admission_always_admit.deny == {{"msg": "kube-apiserver --enable-admission-plugins=NodeRestriction,AlwaysAdmit (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml) enables AlwaysAdmit: every request is admitted", "path": "components.kube-apiserver.flags.enable-admission-plugins", "value": "NodeRestriction,AlwaysAdmit"}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"enable-admission-plugins": ["NodeRestriction,AlwaysAdmit"]}))
}

test_fail_when_the_deprecated_list_names_it if {
	api_admission_always_admit.deny == {{"msg": "kube-apiserver --admission-control=NamespaceLifecycle,AlwaysAdmit (set on the command line) enables AlwaysAdmit: every request is admitted", "path": "components.kube-apiserver.flags.admission-control", "value": "NamespaceLifecycle,AlwaysAdmit"}} with input as t.on(comp, "kubeadm", t.process(comp, {"admission-control": ["NamespaceLifecycle,AlwaysAdmit"]}))
}

test_skip_when_not_running if {
	api_admission_always_admit.skip == "kube-apiserver is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_admission_always_admit.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"enable-admission-plugins": ["AlwaysAdmit"]}))
	api_admission_always_admit.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_admission_always_admit.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --admission-control or --enable-admission-plugins or --disable-admission-plugins" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_leave_the_plugin_set_unknown if {
	doc2 := t.on(comp, "k3s", t.embedded(comp, {"enable-admission-plugins": ["AlwaysAdmit"]}))
	not api_admission_always_admit.skip with input as doc2
	count(api_admission_always_admit.deny) == 0 with input as doc2

	# k3s passes built-in admission flags of its own that the facts do not record.
	api_admission_always_admit.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --admission-control or --disable-admission-plugins" with input as doc2
}
