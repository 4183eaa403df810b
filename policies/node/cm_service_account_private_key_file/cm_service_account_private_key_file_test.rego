package kubeassay.checks.node.cm_service_account_private_key_file_test

import data.kubeassay.checks.node.cm_service_account_private_key_file

facts(platform, components, files) := {
	"apiVersion": "kubeassay/v1",
	"kind": "NodeFacts",
	"metadata": {"name": "cp1"},
	"platform": {"name": platform},
	"components": components,
	"files": files,
}

manifest := "/etc/kubernetes/manifests/kube-controller-manager.yaml"

process(flags) := {
	"name": "kube-controller-manager",
	"running": true,
	"source": "process",
	"flags": flags,
	"flagSources": {name: "cmdline" | some name, _ in flags},
	"manifestPath": manifest,
}

from_manifest(flags) := {
	"name": "kube-controller-manager",
	"running": false,
	"source": concat("", ["manifest:", manifest]),
	"flags": flags,
	"flagSources": {name: concat("", ["manifest:", manifest]) | some name, _ in flags},
	"manifestPath": manifest,
}

embedded(flags) := {
	"name": "kube-controller-manager",
	"running": true,
	"source": "embedded:k3s",
	"flags": flags,
	"flagSources": {name: "file:/etc/rancher/k3s/config.yaml" | some name, _ in flags},
}

on(platform, component) := facts(platform, {"kube-controller-manager": component}, [])

test_pass_when_set if {
	doc1 := on("kubeadm", process({"service-account-private-key-file": ["/etc/kubernetes/pki/sa.key"]}))
	not cm_service_account_private_key_file.skip with input as doc1
	count(cm_service_account_private_key_file.deny) == 0 with input as doc1
	count(cm_service_account_private_key_file.warn) == 0 with input as on("kubeadm", process({"service-account-private-key-file": ["/etc/kubernetes/pki/sa.key"]}))
}

test_fail_when_unset if {
	cm_service_account_private_key_file.deny == {{"msg": "kube-controller-manager --service-account-private-key-file is not set: token Secrets cannot be signed with a known key", "path": "components.kube-controller-manager.flags.service-account-private-key-file", "value": null}} with input as on("kubeadm", process({}))
}

test_fail_when_empty if {
	cm_service_account_private_key_file.deny == {{"msg": "kube-controller-manager --service-account-private-key-file= (set in static pod manifest /etc/kubernetes/manifests/kube-controller-manager.yaml): token Secrets cannot be signed with a known key", "path": "components.kube-controller-manager.flags.service-account-private-key-file", "value": ""}} with input as on("kubeadm", from_manifest({"service-account-private-key-file": [""]}))
}

test_warn_when_a_named_file_is_missing if {
	cm_service_account_private_key_file.warn == {{"msg": "kube-controller-manager --service-account-private-key-file names /etc/kubernetes/pki/sa.key, which does not exist on this node", "path": "files[/etc/kubernetes/pki/sa.key].exists", "value": false}} with input as facts("kubeadm", {"kube-controller-manager": process({"service-account-private-key-file": ["/etc/kubernetes/pki/sa.key"]})}, [{"path": "/etc/kubernetes/pki/sa.key", "roles": ["test"], "discoveredBy": ["flag:kube-controller-manager --service-account-private-key-file"], "exists": false}])
	doc2 := facts("kubeadm", {"kube-controller-manager": process({"service-account-private-key-file": ["/etc/kubernetes/pki/sa.key"]})}, [{"path": "/etc/kubernetes/pki/sa.key", "roles": ["test"], "discoveredBy": ["flag:kube-controller-manager --service-account-private-key-file"], "exists": false}])
	not cm_service_account_private_key_file.skip with input as doc2
	count(cm_service_account_private_key_file.deny) == 0 with input as doc2
}

test_skip_when_not_running if {
	cm_service_account_private_key_file.skip == "kube-controller-manager is not running on this node" with input as facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	cm_service_account_private_key_file.skip == "managed control plane (eks): kube-controller-manager is run by the provider" with input as on("eks", process({"service-account-private-key-file": [""]}))
	cm_service_account_private_key_file.skip == "managed control plane (aks): kube-controller-manager is run by the provider" with input as facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	cm_service_account_private_key_file.unknown == "kube-controller-manager runs inside k3s, whose built-in arguments are not recorded, and kube-controller-manager-arg does not set --service-account-private-key-file" with input as on("k3s", embedded({}))
}

test_embedded_flags_are_judged if {
	doc3 := on("k3s", embedded({"service-account-private-key-file": [""]}))
	not cm_service_account_private_key_file.skip with input as doc3
	count(cm_service_account_private_key_file.deny) == 1 with input as doc3
}
