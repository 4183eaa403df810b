package kubeassay.checks.node.file_pki_cert_mode_test

import data.kubeassay.checks.node.file_pki_cert_mode as check
import data.kubeassay.test.node as t

comp := "kube-apiserver"

dir := {"path": "/etc/kubernetes/pki", "roles": ["pki-dir"], "discoveredBy": ["profile:kubeadm pki"], "exists": true, "type": "dir", "mode": "0755", "modeBits": 493, "uid": 0, "gid": 0, "owner": "root", "group": "root"}

f(path, role, mode, bits) := {"path": path, "roles": [role], "discoveredBy": ["profile:kubeadm pki"], "exists": true, "type": "file", "mode": mode, "modeBits": bits, "uid": 0, "gid": 0, "owner": "root", "group": "root"}

test_pass_with_0644_certificates if {
	doc := t.with_files(comp, "kubeadm", [dir, f("/etc/kubernetes/pki/ca.crt", "pki-cert", "0644", 420), f("/etc/kubernetes/pki/ca.key", "pki-key", "0600", 384)])
	not check.skip with input as doc
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}

test_fail_when_writable if {
	check.deny == {{"msg": "Kubernetes PKI certificate /etc/kubernetes/pki/ca.crt has mode 0666, not 0644 or more restrictive", "path": "files[/etc/kubernetes/pki/ca.crt].mode", "value": "0666"}} with input as t.with_files(comp, "kubeadm", [dir, f("/etc/kubernetes/pki/ca.crt", "pki-cert", "0666", 438)])
}

test_directory_modes_are_not_judged if {
	count(check.deny) == 0 with input as t.with_files(comp, "kubeadm", [object.union(dir, {"mode": "0777", "modeBits": 511}), f("/etc/kubernetes/pki/ca.crt", "pki-cert", "0644", 420)])
}

test_unknown_when_listed_in_part if {
	doc := t.with_files(comp, "kubeadm", [object.union(dir, {"incomplete": "cannot read /etc/kubernetes/pki/etcd: permission denied"}), f("/etc/kubernetes/pki/ca.crt", "pki-cert", "0644", 420)])
	not check.skip with input as doc
	check.unknown == "/etc/kubernetes/pki was listed only in part (cannot read /etc/kubernetes/pki/etcd: permission denied)" with input as doc
}

test_skip_on_a_worker_default_copy if {
	doc := t.facts("kubeadm", {"kubelet": t.running("kubelet")}, [dir, f("/etc/kubernetes/pki/ca.crt", "pki-cert", "0644", 420)])
	check.skip == "kube-apiserver is not running on this node; its Kubernetes PKI certificate was looked for only at default locations" with input as doc
}

test_skip_on_managed if {
	check.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.facts("eks", {}, [])
}
