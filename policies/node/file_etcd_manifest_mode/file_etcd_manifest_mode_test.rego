package kubeassay.checks.node.file_etcd_manifest_mode_test

import data.kubeassay.checks.node.file_etcd_manifest_mode
import data.kubeassay.test.node as t

comp := "etcd"

test_pass_at_the_limit if {
	doc1 := t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/manifests/etcd.yaml", "roles": ["etcd-manifest"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
	not file_etcd_manifest_mode.skip with input as doc1
	count(file_etcd_manifest_mode.deny) == 0 with input as doc1
}

test_pass_when_stricter if {
	doc2 := t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/manifests/etcd.yaml", "roles": ["etcd-manifest"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0400", "modeBits": 256, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
	not file_etcd_manifest_mode.skip with input as doc2
	count(file_etcd_manifest_mode.deny) == 0 with input as doc2
}

test_fail_when_wider if {
	file_etcd_manifest_mode.deny == {{"msg": "etcd pod specification file /etc/kubernetes/manifests/etcd.yaml has mode 0644, not 0600 or more restrictive", "path": "files[/etc/kubernetes/manifests/etcd.yaml].mode", "value": "0644"}} with input as t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/manifests/etcd.yaml", "roles": ["etcd-manifest"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0644", "modeBits": 420, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
}

test_modes_compare_as_bits_not_decimals if {
	# 0610 is 392 in decimal, less than 0644 (420), and still has a bit outside 0600.
	doc3 := t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/manifests/etcd.yaml", "roles": ["etcd-manifest"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0610", "modeBits": 392, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
	not file_etcd_manifest_mode.skip with input as doc3
	count(file_etcd_manifest_mode.deny) == 1 with input as doc3
	doc4 := t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/manifests/etcd.yaml", "roles": ["etcd-manifest"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "4600", "modeBits": 2432, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
	not file_etcd_manifest_mode.skip with input as doc4
	count(file_etcd_manifest_mode.deny) == 1 with input as doc4
}

test_unknown_when_only_a_broken_link_is_found if {
	file_etcd_manifest_mode.unknown == "the mode of etcd pod specification file /etc/kubernetes/manifests/etcd.yaml could not be read (dangling symlink)" with input as t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/manifests/etcd.yaml", "roles": ["etcd-manifest"], "discoveredBy": ["test"], "exists": true, "type": "symlink", "mode": "0777", "modeBits": 511, "uid": 0, "gid": 0, "owner": "root", "group": "root", "error": "dangling symlink"}])
}

test_unknown_with_a_broken_link_next_to_judged_files if {
	doc5 := t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/manifests/etcd.yaml", "roles": ["etcd-manifest"], "discoveredBy": ["test"], "exists": true, "type": "symlink", "mode": "0777", "modeBits": 511, "uid": 0, "gid": 0, "owner": "root", "group": "root", "error": "dangling symlink"}, {"path": "/etc/kubernetes/manifests/etcd.yaml.d/extra", "roles": ["etcd-manifest"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
	not file_etcd_manifest_mode.skip with input as doc5
	count(file_etcd_manifest_mode.deny) == 0 with input as doc5
	file_etcd_manifest_mode.unknown == "the mode of etcd pod specification file /etc/kubernetes/manifests/etcd.yaml could not be read (dangling symlink)" with input as t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/manifests/etcd.yaml", "roles": ["etcd-manifest"], "discoveredBy": ["test"], "exists": true, "type": "symlink", "mode": "0777", "modeBits": 511, "uid": 0, "gid": 0, "owner": "root", "group": "root", "error": "dangling symlink"}, {"path": "/etc/kubernetes/manifests/etcd.yaml.d/extra", "roles": ["etcd-manifest"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
}

test_skip_when_the_file_does_not_exist if {
	file_etcd_manifest_mode.skip == "etcd pod specification file /etc/kubernetes/manifests/etcd.yaml does not exist" with input as t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/manifests/etcd.yaml", "roles": ["etcd-manifest"], "discoveredBy": ["test"], "exists": false}])
}

test_skip_when_no_file_and_no_component if {
	file_etcd_manifest_mode.skip == "etcd is not running on this node and no etcd pod specification file was found" with input as t.facts("kubeadm", {}, [])
}

test_skip_when_the_component_has_no_such_file if {
	file_etcd_manifest_mode.skip == "no etcd pod specification file was found (etcd runs inside k3s)" with input as t.facts("k3s", {"etcd": {"name": "etcd", "source": "embedded:k3s", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	file_etcd_manifest_mode.skip == "managed control plane (gke): etcd is run by the provider" with input as t.with_files(comp, "gke", [{"path": "/etc/kubernetes/manifests/etcd.yaml", "roles": ["etcd-manifest"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0644", "modeBits": 420, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
}
