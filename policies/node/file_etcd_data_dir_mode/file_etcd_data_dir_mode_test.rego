package kubeassay.checks.node.file_etcd_data_dir_mode_test

import data.kubeassay.checks.node.file_etcd_data_dir_mode
import data.kubeassay.test.node as t

comp := "etcd"

test_pass_at_the_limit if {
	doc1 := t.with_files(comp, "kubeadm", [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "dir", "mode": "0700", "modeBits": 448, "uid": 998, "gid": 998, "owner": "etcd", "group": "etcd"}])
	not file_etcd_data_dir_mode.skip with input as doc1
	count(file_etcd_data_dir_mode.deny) == 0 with input as doc1
}

test_pass_when_stricter if {
	doc2 := t.with_files(comp, "kubeadm", [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "dir", "mode": "0500", "modeBits": 320, "uid": 998, "gid": 998, "owner": "etcd", "group": "etcd"}])
	not file_etcd_data_dir_mode.skip with input as doc2
	count(file_etcd_data_dir_mode.deny) == 0 with input as doc2
}

test_fail_when_wider if {
	file_etcd_data_dir_mode.deny == {{"msg": "etcd data directory /var/lib/etcd has mode 0755, not 0700 or more restrictive", "path": "files[/var/lib/etcd].mode", "value": "0755"}} with input as t.with_files(comp, "kubeadm", [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "dir", "mode": "0755", "modeBits": 493, "uid": 998, "gid": 998, "owner": "etcd", "group": "etcd"}])
}

test_modes_compare_as_bits_not_decimals if {
	# 0710 is 456 in decimal, less than 0755 (493), and still has a bit outside 0700.
	doc3 := t.with_files(comp, "kubeadm", [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "dir", "mode": "0710", "modeBits": 456, "uid": 998, "gid": 998, "owner": "etcd", "group": "etcd"}])
	not file_etcd_data_dir_mode.skip with input as doc3
	count(file_etcd_data_dir_mode.deny) == 1 with input as doc3
	doc4 := t.with_files(comp, "kubeadm", [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "dir", "mode": "4700", "modeBits": 2496, "uid": 998, "gid": 998, "owner": "etcd", "group": "etcd"}])
	not file_etcd_data_dir_mode.skip with input as doc4
	count(file_etcd_data_dir_mode.deny) == 1 with input as doc4
}

test_unknown_when_only_a_broken_link_is_found if {
	file_etcd_data_dir_mode.unknown == "the mode of etcd data directory /var/lib/etcd could not be read (dangling symlink)" with input as t.with_files(comp, "kubeadm", [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "symlink", "mode": "0777", "modeBits": 511, "uid": 0, "gid": 0, "owner": "root", "group": "root", "error": "dangling symlink"}])
}

test_unknown_with_a_broken_link_next_to_judged_files if {
	doc5 := t.with_files(comp, "kubeadm", [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "symlink", "mode": "0777", "modeBits": 511, "uid": 0, "gid": 0, "owner": "root", "group": "root", "error": "dangling symlink"}, {"path": "/var/lib/etcd-wal", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "dir", "mode": "0700", "modeBits": 448, "uid": 998, "gid": 998, "owner": "etcd", "group": "etcd"}])
	not file_etcd_data_dir_mode.skip with input as doc5
	count(file_etcd_data_dir_mode.deny) == 0 with input as doc5
	file_etcd_data_dir_mode.unknown == "the mode of etcd data directory /var/lib/etcd could not be read (dangling symlink)" with input as t.with_files(comp, "kubeadm", [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "symlink", "mode": "0777", "modeBits": 511, "uid": 0, "gid": 0, "owner": "root", "group": "root", "error": "dangling symlink"}, {"path": "/var/lib/etcd-wal", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "dir", "mode": "0700", "modeBits": 448, "uid": 998, "gid": 998, "owner": "etcd", "group": "etcd"}])
}

test_skip_when_the_file_does_not_exist if {
	file_etcd_data_dir_mode.skip == "etcd data directory /var/lib/etcd does not exist" with input as t.with_files(comp, "kubeadm", [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": false}])
}

test_skip_when_no_file_and_no_component if {
	file_etcd_data_dir_mode.skip == "etcd is not running on this node and no etcd data directory was found" with input as t.facts("kubeadm", {}, [])
}

test_skip_when_the_component_has_no_such_file if {
	file_etcd_data_dir_mode.skip == "no etcd data directory was found (etcd runs inside k3s)" with input as t.facts("k3s", {"etcd": {"name": "etcd", "source": "embedded:k3s", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	file_etcd_data_dir_mode.skip == "managed control plane (gke): etcd is run by the provider" with input as t.with_files(comp, "gke", [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "dir", "mode": "0755", "modeBits": 493, "uid": 998, "gid": 998, "owner": "etcd", "group": "etcd"}])
}
