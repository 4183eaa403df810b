package kubeassay.checks.node.file_kubelet_config_mode_644_test

import data.kubeassay.checks.node.file_kubelet_config_mode_644 as check
import data.kubeassay.test.node as t

test_0644_passes if {
	doc := t.with_files("kubelet", "eks", [{"path": "/etc/kubernetes/kubelet/kubelet-config.json", "roles": ["kubelet-config"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0644", "modeBits": 420, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
	not check.skip with input as doc
	count(check.deny) == 0 with input as doc
}

test_writable_drop_in_fails if {
	doc := t.with_files("kubelet", "eks", [{"path": "/etc/kubernetes/kubelet/kubelet-config.json", "roles": ["kubelet-config"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0644", "modeBits": 420, "uid": 0, "gid": 0, "owner": "root", "group": "root"}, {"path": "/etc/kubernetes/kubelet/config.json.d/40-nodeadm.conf", "roles": ["kubelet-config-dropin"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0666", "modeBits": 438, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
	{x.path | some x in check.deny} == {"files[/etc/kubernetes/kubelet/config.json.d/40-nodeadm.conf].mode"} with input as doc
}

test_unreadable_is_unknown if {
	check.unknown == "the mode of kubelet configuration file /etc/kubernetes/kubelet/kubelet-config.json could not be read (dangling symlink)" with input as t.with_files("kubelet", "eks", [{"path": "/etc/kubernetes/kubelet/kubelet-config.json", "roles": ["kubelet-config"], "discoveredBy": ["test"], "exists": true, "type": "symlink", "error": "dangling symlink"}])
}
