package kubeassay.checks.node.api_service_account_extend_token_expiration_test

import data.kubeassay.checks.node.api_service_account_extend_token_expiration
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_when_false if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"service-account-extend-token-expiration": ["false"]}))
	not api_service_account_extend_token_expiration.skip with input as doc1
	count(api_service_account_extend_token_expiration.deny) == 0 with input as doc1
}

test_pass_with_any_spelling_go_accepts if {
	doc2 := t.on(comp, "kubeadm", t.process(comp, {"service-account-extend-token-expiration": ["False"]}))
	not api_service_account_extend_token_expiration.skip with input as doc2
	count(api_service_account_extend_token_expiration.deny) == 0 with input as doc2
}

test_fail_when_true if {
	api_service_account_extend_token_expiration.deny == {{"msg": "kube-apiserver --service-account-extend-token-expiration=true (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml); want false", "path": "components.kube-apiserver.flags.service-account-extend-token-expiration", "value": "true"}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"service-account-extend-token-expiration": ["true"]}))
}

test_fail_by_default if {
	api_service_account_extend_token_expiration.deny == {{"msg": "kube-apiserver --service-account-extend-token-expiration is not set (default true); want false", "path": "components.kube-apiserver.flags.service-account-extend-token-expiration", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_last_value_wins if {
	doc3 := t.on(comp, "kubeadm", t.process(comp, {"service-account-extend-token-expiration": ["true", "false"]}))
	not api_service_account_extend_token_expiration.skip with input as doc3
	count(api_service_account_extend_token_expiration.deny) == 0 with input as doc3
	doc4 := t.on(comp, "kubeadm", t.process(comp, {"service-account-extend-token-expiration": ["false", "true"]}))
	not api_service_account_extend_token_expiration.skip with input as doc4
	count(api_service_account_extend_token_expiration.deny) == 1 with input as doc4
}

test_skip_when_not_running if {
	api_service_account_extend_token_expiration.skip == "kube-apiserver is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_service_account_extend_token_expiration.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"service-account-extend-token-expiration": ["true"]}))
	api_service_account_extend_token_expiration.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_service_account_extend_token_expiration.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --service-account-extend-token-expiration" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	doc5 := t.on(comp, "k3s", t.embedded(comp, {"service-account-extend-token-expiration": ["true"]}))
	not api_service_account_extend_token_expiration.skip with input as doc5
	count(api_service_account_extend_token_expiration.deny) == 1 with input as doc5
}
