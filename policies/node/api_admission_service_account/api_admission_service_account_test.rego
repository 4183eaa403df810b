package kubeassay.checks.node.api_admission_service_account_test

import data.kubeassay.checks.node.api_admission_service_account
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_by_default if {
	not api_admission_service_account.skip with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false"]}))
	count(api_admission_service_account.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false"]}))
}

test_pass_when_others_are_disabled if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"enable-admission-plugins": ["NodeRestriction"], "disable-admission-plugins": ["DefaultStorageClass"]}))
	not api_admission_service_account.skip with input as doc1
	count(api_admission_service_account.deny) == 0 with input as doc1
}

test_fail_when_disabled if {
	api_admission_service_account.deny == {{"msg": "kube-apiserver --disable-admission-plugins=DefaultStorageClass,ServiceAccount (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml) turns off ServiceAccount", "path": "components.kube-apiserver.flags.disable-admission-plugins", "value": "DefaultStorageClass,ServiceAccount"}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"disable-admission-plugins": ["DefaultStorageClass,ServiceAccount"]}))
}

test_fail_when_the_deprecated_list_leaves_it_out if {
	api_admission_service_account.deny == {{"msg": "kube-apiserver --admission-control=NodeRestriction (set on the command line) does not list ServiceAccount", "path": "components.kube-apiserver.flags.admission-control", "value": "NodeRestriction"}} with input as t.on(comp, "kubeadm", t.process(comp, {"admission-control": ["NodeRestriction"]}))
}

test_pass_when_the_deprecated_list_names_it if {
	doc2 := t.on(comp, "kubeadm", t.process(comp, {"admission-control": ["NamespaceLifecycle,ServiceAccount,NodeRestriction"]}))
	not api_admission_service_account.skip with input as doc2
	count(api_admission_service_account.deny) == 0 with input as doc2
}

test_skip_when_not_running if {
	api_admission_service_account.skip == "kube-apiserver is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_admission_service_account.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"disable-admission-plugins": ["ServiceAccount"]}))
	api_admission_service_account.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_admission_service_account.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --admission-control or --enable-admission-plugins or --disable-admission-plugins" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_disable_fails_and_the_rest_is_unknown if {
	doc3 := t.on(comp, "k3s", t.embedded(comp, {"disable-admission-plugins": ["ServiceAccount"]}))
	not api_admission_service_account.skip with input as doc3
	# An explicit --disable-admission-plugins turns the plugin off whatever
	# else k3s passes: that fails even though the rest of the set is unknown.
	count(api_admission_service_account.deny) == 1 with input as doc3

	# k3s passes built-in admission flags of its own that the facts do not record.
	api_admission_service_account.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --admission-control or --enable-admission-plugins" with input as doc3
}
