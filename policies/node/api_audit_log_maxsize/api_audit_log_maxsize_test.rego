package kubeassay.checks.node.api_audit_log_maxsize_test

import data.kubeassay.checks.node.api_audit_log_maxsize
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_at_the_minimum if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"audit-log-path": ["/var/log/kubernetes/audit/audit.log"], "audit-log-maxsize": ["100"]}))
	not api_audit_log_maxsize.skip with input as doc1
	count(api_audit_log_maxsize.deny) == 0 with input as doc1
}

test_pass_above_the_minimum if {
	doc2 := t.on(comp, "kubeadm", t.process(comp, {"audit-log-path": ["/var/log/kubernetes/audit/audit.log"], "audit-log-maxsize": ["300"]}))
	not api_audit_log_maxsize.skip with input as doc2
	count(api_audit_log_maxsize.deny) == 0 with input as doc2
}

test_fail_below_the_minimum if {
	api_audit_log_maxsize.deny == {{"msg": "kube-apiserver --audit-log-maxsize=33 (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml); want 100 or more", "path": "components.kube-apiserver.flags.audit-log-maxsize", "value": "33"}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"audit-log-path": ["/var/log/kubernetes/audit/audit.log"], "audit-log-maxsize": ["33"]}))
}

test_fail_by_default if {
	api_audit_log_maxsize.deny == {{"msg": "kube-apiserver --audit-log-maxsize is not set (default 0); want 100 or more", "path": "components.kube-apiserver.flags.audit-log-maxsize", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {"audit-log-path": ["/var/log/kubernetes/audit/audit.log"]}))
}

test_fail_when_not_a_number if {
	not api_audit_log_maxsize.skip with input as t.on(comp, "kubeadm", t.process(comp, {"audit-log-maxsize": ["100d"]}))
	count(api_audit_log_maxsize.deny) == 1 with input as t.on(comp, "kubeadm", t.process(comp, {"audit-log-maxsize": ["100d"]}))
}

test_skip_when_the_audit_log_goes_to_stdout if {
	api_audit_log_maxsize.skip == "kube-apiserver writes its audit log to standard output (--audit-log-path=-): there is no log file to rotate" with input as t.on(comp, "kubeadm", t.process(comp, {"audit-log-path": ["-"]}))
}

test_skip_when_not_running if {
	api_audit_log_maxsize.skip == "kube-apiserver is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_audit_log_maxsize.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"audit-log-maxsize": ["33"]}))
	api_audit_log_maxsize.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_audit_log_maxsize.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --audit-log-maxsize" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	not api_audit_log_maxsize.skip with input as t.on(comp, "k3s", t.embedded(comp, {"audit-log-maxsize": ["33"]}))
	count(api_audit_log_maxsize.deny) == 1 with input as t.on(comp, "k3s", t.embedded(comp, {"audit-log-maxsize": ["33"]}))
}
