package kubeassay.checks.node.file_kubelet_client_ca_mode_test

import data.kubeassay.checks.node.file_kubelet_client_ca_mode as check
import data.kubeassay.test.node as t

ca := "/etc/kubernetes/pki/ca.crt"

kubelet(st) := t.configured("kubelet", "config-file", {"authentication.x509.clientCAFile": st})

file(mode, bits) := {"path": ca, "roles": ["kubelet-client-ca", "pki-cert"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": mode, "modeBits": bits, "uid": 0, "gid": 0, "owner": "root", "group": "root"}

on(files) := t.facts("kubeadm", {"kubelet": kubelet(t.setting(ca, "file:/var/lib/kubelet/config.yaml"))}, files)

test_pass_at_0644_and_stricter if {
	doc := on([file("0644", 420)])
	not check.skip with input as doc
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
	count(check.deny) == 0 with input as on([file("0600", 384)])
}

test_fail_when_group_writable if {
	check.deny == {{"msg": "kubelet client CA file /etc/kubernetes/pki/ca.crt has mode 0664, not 0644 or more restrictive", "path": "files[/etc/kubernetes/pki/ca.crt].mode", "value": "0664"}} with input as on([file("0664", 436)])
}

test_modes_compare_as_bits if {
	# 0460 (304) is below 0644 (420) as a number and still has a group write bit.
	count(check.deny) == 1 with input as on([file("0460", 304)])
}

test_skip_without_a_client_ca if {
	doc := t.facts("kubeadm", {"kubelet": kubelet(t.setting(null, "unset"))}, [])
	check.skip == "no kubelet client CA file was found (kubelet is not defined by a static pod manifest)" with input as doc
}

test_unknown_when_setting_unreadable if {
	doc := t.facts("kubeadm", {"kubelet": kubelet({"value": null, "source": "unknown", "error": "/var/lib/kubelet/config.yaml: broken"})}, [])
	not check.skip with input as doc
	check.unknown == "kubelet setting authentication.x509.clientCAFile (/var/lib/kubelet/config.yaml: broken) could not be determined" with input as doc
}

test_unknown_when_mode_unreadable if {
	doc := on([object.union(file("0777", 511), {"type": "symlink", "error": "symlink target: permission denied"})])
	check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}
