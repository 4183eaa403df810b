package kubeassay.checks.node.api_token_auth_file_test

import data.kubeassay.checks.node.api_token_auth_file
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_when_unset if {
	not api_token_auth_file.skip with input as t.on(comp, "kubeadm", t.process(comp, {"anonymous-auth": ["false"]}))
	count(api_token_auth_file.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"anonymous-auth": ["false"]}))
}

test_pass_when_empty if {
	not api_token_auth_file.skip with input as t.on(comp, "kubeadm", t.process(comp, {"token-auth-file": [""]}))
	count(api_token_auth_file.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"token-auth-file": [""]}))
}

test_fail_when_set if {
	api_token_auth_file.deny == {{"msg": "kube-apiserver --token-auth-file=/etc/kubernetes/known_tokens.csv (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml): static tokens cannot be expired or rotated without a restart", "path": "components.kube-apiserver.flags.token-auth-file", "value": "/etc/kubernetes/known_tokens.csv"}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"token-auth-file": ["/etc/kubernetes/known_tokens.csv"]}))
}

test_skip_when_not_running if {
	api_token_auth_file.skip == "kube-apiserver is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_token_auth_file.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"token-auth-file": ["/etc/kubernetes/known_tokens.csv"]}))
	api_token_auth_file.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_token_auth_file.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --token-auth-file" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	doc1 := t.on(comp, "k3s", t.embedded(comp, {"token-auth-file": ["/etc/kubernetes/known_tokens.csv"]}))
	not api_token_auth_file.skip with input as doc1
	count(api_token_auth_file.deny) == 1 with input as doc1
}
