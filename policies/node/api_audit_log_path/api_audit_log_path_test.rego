package kubeassay.checks.node.api_audit_log_path_test

import data.kubeassay.checks.node.api_audit_log_path
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_when_set if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"audit-log-path": ["/var/log/kubernetes/audit/audit.log"]}))
	not api_audit_log_path.skip with input as doc1
	count(api_audit_log_path.deny) == 0 with input as doc1
}

test_fail_when_unset if {
	api_audit_log_path.deny == {{"msg": "kube-apiserver --audit-log-path is not set: no audit log is written", "path": "components.kube-apiserver.flags.audit-log-path", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_fail_when_empty if {
	api_audit_log_path.deny == {{"msg": "kube-apiserver --audit-log-path= (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml): no audit log is written", "path": "components.kube-apiserver.flags.audit-log-path", "value": ""}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"audit-log-path": [""]}))
}

test_skip_when_not_running if {
	api_audit_log_path.skip == "kube-apiserver is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_audit_log_path.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"audit-log-path": [""]}))
	api_audit_log_path.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_audit_log_path.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --audit-log-path" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	not api_audit_log_path.skip with input as t.on(comp, "k3s", t.embedded(comp, {"audit-log-path": [""]}))
	count(api_audit_log_path.deny) == 1 with input as t.on(comp, "k3s", t.embedded(comp, {"audit-log-path": [""]}))
}
