package kubeassay.checks.node.cm_rotate_kubelet_server_certificate_test

import data.kubeassay.checks.node.cm_rotate_kubelet_server_certificate
import data.kubeassay.test.node as t

comp := "kube-controller-manager"

test_pass_by_default if {
	not cm_rotate_kubelet_server_certificate.skip with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false"]}))
	count(cm_rotate_kubelet_server_certificate.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false"]}))
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"feature-gates": ["SomeOtherGate=false"]}))
	not cm_rotate_kubelet_server_certificate.skip with input as doc1
	count(cm_rotate_kubelet_server_certificate.deny) == 0 with input as doc1
}

test_pass_when_on if {
	doc2 := t.on(comp, "kubeadm", t.process(comp, {"feature-gates": ["RotateKubeletServerCertificate=true"]}))
	not cm_rotate_kubelet_server_certificate.skip with input as doc2
	count(cm_rotate_kubelet_server_certificate.deny) == 0 with input as doc2
}

test_fail_when_off if {
	cm_rotate_kubelet_server_certificate.deny == {{"msg": "kube-controller-manager --feature-gates sets RotateKubeletServerCertificate=false (set in static pod manifest /etc/kubernetes/manifests/kube-controller-manager.yaml); want true", "path": "components.kube-controller-manager.flags.feature-gates", "value": "A=true,RotateKubeletServerCertificate=false"}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"feature-gates": ["A=true,RotateKubeletServerCertificate=false"]}))
}

test_last_value_wins if {
	doc3 := t.on(comp, "kubeadm", t.process(comp, {"feature-gates": ["RotateKubeletServerCertificate=false", "RotateKubeletServerCertificate=true"]}))
	not cm_rotate_kubelet_server_certificate.skip with input as doc3
	count(cm_rotate_kubelet_server_certificate.deny) == 0 with input as doc3
	doc4 := t.on(comp, "kubeadm", t.process(comp, {"feature-gates": ["RotateKubeletServerCertificate=true", "RotateKubeletServerCertificate=false"]}))
	not cm_rotate_kubelet_server_certificate.skip with input as doc4
	count(cm_rotate_kubelet_server_certificate.deny) == 1 with input as doc4
}

test_skip_when_not_running if {
	cm_rotate_kubelet_server_certificate.skip == "kube-controller-manager is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	cm_rotate_kubelet_server_certificate.skip == "managed control plane (eks): kube-controller-manager is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"feature-gates": ["RotateKubeletServerCertificate=false"]}))
	cm_rotate_kubelet_server_certificate.skip == "managed control plane (aks): kube-controller-manager is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	cm_rotate_kubelet_server_certificate.unknown == "kube-controller-manager runs inside k3s, whose built-in arguments are not recorded, and kube-controller-manager-arg does not set --feature-gates" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	doc5 := t.on(comp, "k3s", t.embedded(comp, {"feature-gates": ["RotateKubeletServerCertificate=false"]}))
	not cm_rotate_kubelet_server_certificate.skip with input as doc5
	count(cm_rotate_kubelet_server_certificate.deny) == 1 with input as doc5
}
