package kubeassay.checks.node.file_kubelet_kubeconfig_mode_644_test

import data.kubeassay.checks.node.file_kubelet_kubeconfig_mode_644 as check
import data.kubeassay.test.node as t

test_0644_passes if {
	doc := t.with_files("kubelet", "eks", [{"path": "/var/lib/kubelet/kubeconfig", "roles": ["kubelet-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0644", "modeBits": 420, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
	not check.skip with input as doc
	count(check.deny) == 0 with input as doc
}

test_group_write_fails if {
	check.deny == {{"msg": "kubelet kubeconfig /var/lib/kubelet/kubeconfig has mode 0664, not 0644 or more restrictive", "path": "files[/var/lib/kubelet/kubeconfig].mode", "value": "0664"}} with input as t.with_files("kubelet", "gke", [{"path": "/var/lib/kubelet/kubeconfig", "roles": ["kubelet-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0664", "modeBits": 436, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
}

test_setuid_bit_fails if {
	count(check.deny) == 1 with input as t.with_files("kubelet", "aks", [{"path": "/var/lib/kubelet/kubeconfig", "roles": ["kubelet-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "4644", "modeBits": 2468, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
}

test_unreadable_is_unknown if {
	check.unknown == "the mode of kubelet kubeconfig /var/lib/kubelet/kubeconfig could not be read (dangling symlink)" with input as t.with_files("kubelet", "eks", [{"path": "/var/lib/kubelet/kubeconfig", "roles": ["kubelet-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "symlink", "error": "dangling symlink"}])
}

test_skip_without_kubelet_or_file if {
	check.skip == "kubelet is not running on this node and no kubelet kubeconfig was found" with input as t.facts("eks", {}, [])
}
