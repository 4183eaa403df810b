package kubeassay.checks.node.file_admin_kubeconfig_mode_test

import data.kubeassay.checks.node.file_admin_kubeconfig_mode
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_at_the_limit if {
	doc1 := t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/admin.conf", "roles": ["admin-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
	not file_admin_kubeconfig_mode.skip with input as doc1
	count(file_admin_kubeconfig_mode.deny) == 0 with input as doc1
}

test_pass_when_stricter if {
	doc2 := t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/admin.conf", "roles": ["admin-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0400", "modeBits": 256, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
	not file_admin_kubeconfig_mode.skip with input as doc2
	count(file_admin_kubeconfig_mode.deny) == 0 with input as doc2
}

test_fail_when_wider if {
	file_admin_kubeconfig_mode.deny == {{"msg": "administrative kubeconfig /etc/kubernetes/admin.conf has mode 0644, not 0600 or more restrictive", "path": "files[/etc/kubernetes/admin.conf].mode", "value": "0644"}} with input as t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/admin.conf", "roles": ["admin-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0644", "modeBits": 420, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
}

test_modes_compare_as_bits_not_decimals if {
	# 0610 is 392 in decimal, less than 0644 (420), and still has a bit outside 0600.
	doc3 := t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/admin.conf", "roles": ["admin-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0610", "modeBits": 392, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
	not file_admin_kubeconfig_mode.skip with input as doc3
	count(file_admin_kubeconfig_mode.deny) == 1 with input as doc3
	doc4 := t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/admin.conf", "roles": ["admin-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "4600", "modeBits": 2432, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
	not file_admin_kubeconfig_mode.skip with input as doc4
	count(file_admin_kubeconfig_mode.deny) == 1 with input as doc4
}

test_unknown_when_only_a_broken_link_is_found if {
	file_admin_kubeconfig_mode.unknown == "the mode of administrative kubeconfig /etc/kubernetes/admin.conf could not be read (dangling symlink)" with input as t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/admin.conf", "roles": ["admin-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "symlink", "mode": "0777", "modeBits": 511, "uid": 0, "gid": 0, "owner": "root", "group": "root", "error": "dangling symlink"}])
}

test_unknown_with_a_broken_link_next_to_judged_files if {
	doc5 := t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/admin.conf", "roles": ["admin-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "symlink", "mode": "0777", "modeBits": 511, "uid": 0, "gid": 0, "owner": "root", "group": "root", "error": "dangling symlink"}, {"path": "/etc/kubernetes/admin.conf.d/extra", "roles": ["admin-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
	not file_admin_kubeconfig_mode.skip with input as doc5
	count(file_admin_kubeconfig_mode.deny) == 0 with input as doc5
	file_admin_kubeconfig_mode.unknown == "the mode of administrative kubeconfig /etc/kubernetes/admin.conf could not be read (dangling symlink)" with input as t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/admin.conf", "roles": ["admin-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "symlink", "mode": "0777", "modeBits": 511, "uid": 0, "gid": 0, "owner": "root", "group": "root", "error": "dangling symlink"}, {"path": "/etc/kubernetes/admin.conf.d/extra", "roles": ["admin-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
}

test_skip_when_the_file_does_not_exist if {
	file_admin_kubeconfig_mode.skip == "administrative kubeconfig /etc/kubernetes/admin.conf does not exist" with input as t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/admin.conf", "roles": ["admin-kubeconfig"], "discoveredBy": ["test"], "exists": false}])
}

test_skip_when_no_file_and_no_component if {
	file_admin_kubeconfig_mode.skip == "kube-apiserver is not running on this node and no administrative kubeconfig was found" with input as t.facts("kubeadm", {}, [])
}

test_skip_when_the_component_has_no_such_file if {
	file_admin_kubeconfig_mode.skip == "no administrative kubeconfig was found (kube-apiserver runs inside k3s)" with input as t.facts("k3s", {"kube-apiserver": {"name": "kube-apiserver", "source": "embedded:k3s", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	file_admin_kubeconfig_mode.skip == "managed control plane (gke): kube-apiserver is run by the provider" with input as t.with_files(comp, "gke", [{"path": "/etc/kubernetes/admin.conf", "roles": ["admin-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0644", "modeBits": 420, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
}
