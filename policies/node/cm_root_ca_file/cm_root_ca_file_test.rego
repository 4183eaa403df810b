package kubeassay.checks.node.cm_root_ca_file_test

import data.kubeassay.checks.node.cm_root_ca_file
import data.kubeassay.test.node as t

comp := "kube-controller-manager"

test_pass_when_set if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"root-ca-file": ["/etc/kubernetes/pki/ca.crt"]}))
	not cm_root_ca_file.skip with input as doc1
	count(cm_root_ca_file.deny) == 0 with input as doc1
	count(cm_root_ca_file.warn) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"root-ca-file": ["/etc/kubernetes/pki/ca.crt"]}))
}

test_fail_when_unset if {
	cm_root_ca_file.deny == {{"msg": "kube-controller-manager --root-ca-file is not set: pods receive no CA to verify the API server with", "path": "components.kube-controller-manager.flags.root-ca-file", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_fail_when_empty if {
	cm_root_ca_file.deny == {{"msg": "kube-controller-manager --root-ca-file= (set in static pod manifest /etc/kubernetes/manifests/kube-controller-manager.yaml): pods receive no CA to verify the API server with", "path": "components.kube-controller-manager.flags.root-ca-file", "value": ""}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"root-ca-file": [""]}))
}

test_warn_when_a_named_file_is_missing if {
	cm_root_ca_file.warn == {{"msg": "kube-controller-manager --root-ca-file names /etc/kubernetes/pki/ca.crt, which does not exist on this node", "path": "files[/etc/kubernetes/pki/ca.crt].exists", "value": false}} with input as t.facts("kubeadm", {"kube-controller-manager": t.process(comp, {"root-ca-file": ["/etc/kubernetes/pki/ca.crt"]})}, [{"path": "/etc/kubernetes/pki/ca.crt", "roles": ["test"], "discoveredBy": ["flag:kube-controller-manager --root-ca-file"], "exists": false}])
	doc2 := t.facts("kubeadm", {"kube-controller-manager": t.process(comp, {"root-ca-file": ["/etc/kubernetes/pki/ca.crt"]})}, [{"path": "/etc/kubernetes/pki/ca.crt", "roles": ["test"], "discoveredBy": ["flag:kube-controller-manager --root-ca-file"], "exists": false}])
	not cm_root_ca_file.skip with input as doc2
	count(cm_root_ca_file.deny) == 0 with input as doc2
}

test_skip_when_not_running if {
	cm_root_ca_file.skip == "kube-controller-manager is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	cm_root_ca_file.skip == "managed control plane (eks): kube-controller-manager is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"root-ca-file": [""]}))
	cm_root_ca_file.skip == "managed control plane (aks): kube-controller-manager is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	cm_root_ca_file.unknown == "kube-controller-manager runs inside k3s, whose built-in arguments are not recorded, and kube-controller-manager-arg does not set --root-ca-file" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	not cm_root_ca_file.skip with input as t.on(comp, "k3s", t.embedded(comp, {"root-ca-file": [""]}))
	count(cm_root_ca_file.deny) == 1 with input as t.on(comp, "k3s", t.embedded(comp, {"root-ca-file": [""]}))
}
