package kubeassay.checks.node.api_service_account_key_file_test

import data.kubeassay.checks.node.api_service_account_key_file
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_when_set if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"service-account-key-file": ["/etc/kubernetes/pki/sa.pub"]}))
	not api_service_account_key_file.skip with input as doc1
	count(api_service_account_key_file.deny) == 0 with input as doc1
	count(api_service_account_key_file.warn) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"service-account-key-file": ["/etc/kubernetes/pki/sa.pub"]}))
}

test_fail_when_unset if {
	api_service_account_key_file.deny == {{"msg": "kube-apiserver --service-account-key-file is not set: service account tokens are verified with whatever key the API server falls back to", "path": "components.kube-apiserver.flags.service-account-key-file", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_fail_when_empty if {
	api_service_account_key_file.deny == {{"msg": "kube-apiserver --service-account-key-file= (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml): service account tokens are verified with whatever key the API server falls back to", "path": "components.kube-apiserver.flags.service-account-key-file", "value": ""}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"service-account-key-file": [""]}))
}

test_warn_when_a_named_file_is_missing if {
	api_service_account_key_file.warn == {{"msg": "kube-apiserver --service-account-key-file names /etc/kubernetes/pki/sa.pub, which does not exist on this node", "path": "files[/etc/kubernetes/pki/sa.pub].exists", "value": false}} with input as t.facts("kubeadm", {"kube-apiserver": t.process(comp, {"service-account-key-file": ["/etc/kubernetes/pki/sa.pub"]})}, [{"path": "/etc/kubernetes/pki/sa.pub", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --service-account-key-file"], "exists": false}])
	doc2 := t.facts("kubeadm", {"kube-apiserver": t.process(comp, {"service-account-key-file": ["/etc/kubernetes/pki/sa.pub"]})}, [{"path": "/etc/kubernetes/pki/sa.pub", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --service-account-key-file"], "exists": false}])
	not api_service_account_key_file.skip with input as doc2
	count(api_service_account_key_file.deny) == 0 with input as doc2
}

test_every_value_of_a_repeated_flag_counts if {
	api_service_account_key_file.warn == {{"msg": "kube-apiserver --service-account-key-file names /etc/kubernetes/pki/sa-old.pub, which does not exist on this node", "path": "files[/etc/kubernetes/pki/sa-old.pub].exists", "value": false}} with input as t.facts("kubeadm", {"kube-apiserver": t.process(comp, {"service-account-key-file": ["/etc/kubernetes/pki/sa-old.pub", "/etc/kubernetes/pki/sa.pub"]})}, [{"path": "/etc/kubernetes/pki/sa-old.pub", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --service-account-key-file"], "exists": false}])
	doc3 := t.facts("kubeadm", {"kube-apiserver": t.process(comp, {"service-account-key-file": ["/etc/kubernetes/pki/sa-old.pub", "/etc/kubernetes/pki/sa.pub"]})}, [{"path": "/etc/kubernetes/pki/sa-old.pub", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --service-account-key-file"], "exists": false}])
	not api_service_account_key_file.skip with input as doc3
	count(api_service_account_key_file.deny) == 0 with input as doc3
}

test_skip_when_not_running if {
	api_service_account_key_file.skip == "kube-apiserver is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_service_account_key_file.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"service-account-key-file": [""]}))
	api_service_account_key_file.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_service_account_key_file.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --service-account-key-file" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	not api_service_account_key_file.skip with input as t.on(comp, "k3s", t.embedded(comp, {"service-account-key-file": [""]}))
	count(api_service_account_key_file.deny) == 1 with input as t.on(comp, "k3s", t.embedded(comp, {"service-account-key-file": [""]}))
}
