package kubeassay.checks.node.cm_rotate_kubelet_server_certificate_test

import data.kubeassay.checks.node.cm_rotate_kubelet_server_certificate

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

test_pass_by_default if {
	not cm_rotate_kubelet_server_certificate.skip with input as on("kubeadm", process({"profiling": ["false"]}))
	count(cm_rotate_kubelet_server_certificate.deny) == 0 with input as on("kubeadm", process({"profiling": ["false"]}))
	doc1 := on("kubeadm", process({"feature-gates": ["SomeOtherGate=false"]}))
	not cm_rotate_kubelet_server_certificate.skip with input as doc1
	count(cm_rotate_kubelet_server_certificate.deny) == 0 with input as doc1
}

test_pass_when_on if {
	doc2 := on("kubeadm", process({"feature-gates": ["RotateKubeletServerCertificate=true"]}))
	not cm_rotate_kubelet_server_certificate.skip with input as doc2
	count(cm_rotate_kubelet_server_certificate.deny) == 0 with input as doc2
}

test_fail_when_off if {
	cm_rotate_kubelet_server_certificate.deny == {{"msg": "kube-controller-manager --feature-gates sets RotateKubeletServerCertificate=false (set in static pod manifest /etc/kubernetes/manifests/kube-controller-manager.yaml); want true", "path": "components.kube-controller-manager.flags.feature-gates", "value": "A=true,RotateKubeletServerCertificate=false"}} with input as on("kubeadm", from_manifest({"feature-gates": ["A=true,RotateKubeletServerCertificate=false"]}))
}

test_last_value_wins if {
	doc3 := on("kubeadm", process({"feature-gates": ["RotateKubeletServerCertificate=false", "RotateKubeletServerCertificate=true"]}))
	not cm_rotate_kubelet_server_certificate.skip with input as doc3
	count(cm_rotate_kubelet_server_certificate.deny) == 0 with input as doc3
	doc4 := on("kubeadm", process({"feature-gates": ["RotateKubeletServerCertificate=true", "RotateKubeletServerCertificate=false"]}))
	not cm_rotate_kubelet_server_certificate.skip with input as doc4
	count(cm_rotate_kubelet_server_certificate.deny) == 1 with input as doc4
}

test_skip_when_not_running if {
	cm_rotate_kubelet_server_certificate.skip == "kube-controller-manager is not running on this node" with input as facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	cm_rotate_kubelet_server_certificate.skip == "managed control plane (eks): kube-controller-manager is run by the provider" with input as on("eks", process({"feature-gates": ["RotateKubeletServerCertificate=false"]}))
	cm_rotate_kubelet_server_certificate.skip == "managed control plane (aks): kube-controller-manager is run by the provider" with input as facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	cm_rotate_kubelet_server_certificate.unknown == "kube-controller-manager runs inside k3s, whose built-in arguments are not recorded, and kube-controller-manager-arg does not set --feature-gates" with input as on("k3s", embedded({}))
}

test_embedded_flags_are_judged if {
	doc5 := on("k3s", embedded({"feature-gates": ["RotateKubeletServerCertificate=false"]}))
	not cm_rotate_kubelet_server_certificate.skip with input as doc5
	count(cm_rotate_kubelet_server_certificate.deny) == 1 with input as doc5
}
