package kubeassay.checks.node.cm_use_service_account_credentials_test

import data.kubeassay.checks.node.cm_use_service_account_credentials
import data.kubeassay.test.node as t

comp := "kube-controller-manager"

test_pass_when_true if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"use-service-account-credentials": ["true"]}))
	not cm_use_service_account_credentials.skip with input as doc1
	count(cm_use_service_account_credentials.deny) == 0 with input as doc1
}

test_pass_with_any_spelling_go_accepts if {
	doc2 := t.on(comp, "kubeadm", t.process(comp, {"use-service-account-credentials": ["1"]}))
	not cm_use_service_account_credentials.skip with input as doc2
	count(cm_use_service_account_credentials.deny) == 0 with input as doc2
}

test_fail_when_false if {
	cm_use_service_account_credentials.deny == {{"msg": "kube-controller-manager --use-service-account-credentials=false (set in static pod manifest /etc/kubernetes/manifests/kube-controller-manager.yaml); want true", "path": "components.kube-controller-manager.flags.use-service-account-credentials", "value": "false"}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"use-service-account-credentials": ["false"]}))
}

test_fail_by_default if {
	cm_use_service_account_credentials.deny == {{"msg": "kube-controller-manager --use-service-account-credentials is not set (default false); want true", "path": "components.kube-controller-manager.flags.use-service-account-credentials", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_last_value_wins if {
	doc3 := t.on(comp, "kubeadm", t.process(comp, {"use-service-account-credentials": ["false", "true"]}))
	not cm_use_service_account_credentials.skip with input as doc3
	count(cm_use_service_account_credentials.deny) == 0 with input as doc3
	doc4 := t.on(comp, "kubeadm", t.process(comp, {"use-service-account-credentials": ["true", "false"]}))
	not cm_use_service_account_credentials.skip with input as doc4
	count(cm_use_service_account_credentials.deny) == 1 with input as doc4
}

test_skip_when_not_running if {
	cm_use_service_account_credentials.skip == "kube-controller-manager is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	cm_use_service_account_credentials.skip == "managed control plane (eks): kube-controller-manager is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"use-service-account-credentials": ["false"]}))
	cm_use_service_account_credentials.skip == "managed control plane (aks): kube-controller-manager is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	cm_use_service_account_credentials.unknown == "kube-controller-manager runs inside k3s, whose built-in arguments are not recorded, and kube-controller-manager-arg does not set --use-service-account-credentials" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	doc5 := t.on(comp, "k3s", t.embedded(comp, {"use-service-account-credentials": ["false"]}))
	not cm_use_service_account_credentials.skip with input as doc5
	count(cm_use_service_account_credentials.deny) == 1 with input as doc5
}
