package kubeassay.checks.node.file_kubelet_client_ca_owner_test

import data.kubeassay.checks.node.file_kubelet_client_ca_owner as check
import data.kubeassay.test.node as t

ca := "/etc/kubernetes/pki/ca.crt"

kubelet(st) := t.configured("kubelet", "config-file", {"authentication.x509.clientCAFile": st})

file(mode, bits) := {"path": ca, "roles": ["kubelet-client-ca", "pki-cert"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": mode, "modeBits": bits, "uid": 0, "gid": 0, "owner": "root", "group": "root"}

on(files) := t.facts("kubeadm", {"kubelet": kubelet(t.setting(ca, "file:/var/lib/kubelet/config.yaml"))}, files)

test_pass_when_root_owned if {
	doc := on([file("0644", 420)])
	not check.skip with input as doc
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}

test_fail_when_group_not_root if {
	check.deny == {{"msg": "kubelet client CA file /etc/kubernetes/pki/ca.crt is owned by root:staff, not root:root", "path": "files[/etc/kubernetes/pki/ca.crt].group", "value": "root:staff"}} with input as on([object.union(file("0644", 420), {"gid": 50, "group": "staff"})])
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
