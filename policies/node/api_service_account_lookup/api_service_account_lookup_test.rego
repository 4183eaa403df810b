package kubeassay.checks.node.api_service_account_lookup_test

import data.kubeassay.checks.node.api_service_account_lookup
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_when_true if {
	not api_service_account_lookup.skip with input as t.on(comp, "kubeadm", t.process(comp, {"service-account-lookup": ["true"]}))
	count(api_service_account_lookup.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"service-account-lookup": ["true"]}))
}

test_pass_with_any_spelling_go_accepts if {
	not api_service_account_lookup.skip with input as t.on(comp, "kubeadm", t.process(comp, {"service-account-lookup": ["1"]}))
	count(api_service_account_lookup.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"service-account-lookup": ["1"]}))
}

test_fail_when_false if {
	api_service_account_lookup.deny == {{"msg": "kube-apiserver --service-account-lookup=false (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml); want true", "path": "components.kube-apiserver.flags.service-account-lookup", "value": "false"}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"service-account-lookup": ["false"]}))
}

test_pass_by_default if {
	not api_service_account_lookup.skip with input as t.on(comp, "kubeadm", t.process(comp, {}))
	count(api_service_account_lookup.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_last_value_wins if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"service-account-lookup": ["false", "true"]}))
	not api_service_account_lookup.skip with input as doc1
	count(api_service_account_lookup.deny) == 0 with input as doc1
	doc2 := t.on(comp, "kubeadm", t.process(comp, {"service-account-lookup": ["true", "false"]}))
	not api_service_account_lookup.skip with input as doc2
	count(api_service_account_lookup.deny) == 1 with input as doc2
}

test_skip_when_not_running if {
	api_service_account_lookup.skip == "kube-apiserver is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_service_account_lookup.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"service-account-lookup": ["false"]}))
	api_service_account_lookup.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_service_account_lookup.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --service-account-lookup" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	not api_service_account_lookup.skip with input as t.on(comp, "k3s", t.embedded(comp, {"service-account-lookup": ["false"]}))
	count(api_service_account_lookup.deny) == 1 with input as t.on(comp, "k3s", t.embedded(comp, {"service-account-lookup": ["false"]}))
}
