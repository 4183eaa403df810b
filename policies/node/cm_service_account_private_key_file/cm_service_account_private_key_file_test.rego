package kubeassay.checks.node.cm_service_account_private_key_file_test

import data.kubeassay.checks.node.cm_service_account_private_key_file
import data.kubeassay.test.node as t

comp := "kube-controller-manager"

test_pass_when_set if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"service-account-private-key-file": ["/etc/kubernetes/pki/sa.key"]}))
	not cm_service_account_private_key_file.skip with input as doc1
	count(cm_service_account_private_key_file.deny) == 0 with input as doc1
	count(cm_service_account_private_key_file.warn) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"service-account-private-key-file": ["/etc/kubernetes/pki/sa.key"]}))
}

test_fail_when_unset if {
	cm_service_account_private_key_file.deny == {{"msg": "kube-controller-manager --service-account-private-key-file is not set: token Secrets cannot be signed with a known key", "path": "components.kube-controller-manager.flags.service-account-private-key-file", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_fail_when_empty if {
	cm_service_account_private_key_file.deny == {{"msg": "kube-controller-manager --service-account-private-key-file= (set in static pod manifest /etc/kubernetes/manifests/kube-controller-manager.yaml): token Secrets cannot be signed with a known key", "path": "components.kube-controller-manager.flags.service-account-private-key-file", "value": ""}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"service-account-private-key-file": [""]}))
}

test_warn_when_a_named_file_is_missing if {
	cm_service_account_private_key_file.warn == {{"msg": "kube-controller-manager --service-account-private-key-file names /etc/kubernetes/pki/sa.key, which does not exist on this node", "path": "files[/etc/kubernetes/pki/sa.key].exists", "value": false}} with input as t.facts("kubeadm", {"kube-controller-manager": t.process(comp, {"service-account-private-key-file": ["/etc/kubernetes/pki/sa.key"]})}, [{"path": "/etc/kubernetes/pki/sa.key", "roles": ["test"], "discoveredBy": ["flag:kube-controller-manager --service-account-private-key-file"], "exists": false}])
	doc2 := t.facts("kubeadm", {"kube-controller-manager": t.process(comp, {"service-account-private-key-file": ["/etc/kubernetes/pki/sa.key"]})}, [{"path": "/etc/kubernetes/pki/sa.key", "roles": ["test"], "discoveredBy": ["flag:kube-controller-manager --service-account-private-key-file"], "exists": false}])
	not cm_service_account_private_key_file.skip with input as doc2
	count(cm_service_account_private_key_file.deny) == 0 with input as doc2
}

test_skip_when_not_running if {
	cm_service_account_private_key_file.skip == "kube-controller-manager is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	cm_service_account_private_key_file.skip == "managed control plane (eks): kube-controller-manager is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"service-account-private-key-file": [""]}))
	cm_service_account_private_key_file.skip == "managed control plane (aks): kube-controller-manager is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	cm_service_account_private_key_file.unknown == "kube-controller-manager runs inside k3s, whose built-in arguments are not recorded, and kube-controller-manager-arg does not set --service-account-private-key-file" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	doc3 := t.on(comp, "k3s", t.embedded(comp, {"service-account-private-key-file": [""]}))
	not cm_service_account_private_key_file.skip with input as doc3
	count(cm_service_account_private_key_file.deny) == 1 with input as doc3
}
