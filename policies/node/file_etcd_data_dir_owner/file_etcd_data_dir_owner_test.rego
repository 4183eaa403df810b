package kubeassay.checks.node.file_etcd_data_dir_owner_test

import data.kubeassay.checks.node.file_etcd_data_dir_owner
import data.kubeassay.test.node as t

comp := "etcd"

test_pass_when_owned_by_etcd if {
	doc1 := t.with_files(comp, "kubeadm", [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "dir", "mode": "0700", "modeBits": 448, "uid": 998, "gid": 998, "owner": "etcd", "group": "etcd"}])
	not file_etcd_data_dir_owner.skip with input as doc1
	count(file_etcd_data_dir_owner.deny) == 0 with input as doc1
}

test_fail_when_another_user_owns_it if {
	file_etcd_data_dir_owner.deny == {{"msg": "etcd data directory /var/lib/etcd is owned by kube:etcd, not etcd:etcd", "path": "files[/var/lib/etcd].owner", "value": "kube:etcd"}} with input as t.with_files(comp, "kubeadm", [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "dir", "mode": "0700", "modeBits": 448, "uid": 1001, "gid": 998, "owner": "kube", "group": "etcd"}])
}

test_fail_when_another_group_owns_it if {
	file_etcd_data_dir_owner.deny == {{"msg": "etcd data directory /var/lib/etcd is owned by etcd:adm, not etcd:etcd", "path": "files[/var/lib/etcd].group", "value": "etcd:adm"}} with input as t.with_files(comp, "kubeadm", [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "dir", "mode": "0700", "modeBits": 448, "uid": 998, "gid": 4, "owner": "etcd", "group": "adm"}])
}

test_unknown_when_names_were_not_recorded if {
	file_etcd_data_dir_owner.unknown == "the ownership of etcd data directory /var/lib/etcd could not be read (owner 998:998, names not recorded)" with input as t.with_files(comp, "kubeadm", [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "dir", "mode": "0700", "modeBits": 448, "uid": 998, "gid": 998}])
}

test_id_0_is_root_and_not_etcd if {
	file_etcd_data_dir_owner.deny == {{"msg": "etcd data directory /var/lib/etcd is owned by 0:0, not etcd:etcd", "path": "files[/var/lib/etcd].owner", "value": "0:0"}} with input as t.with_files(comp, "kubeadm", [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "dir", "mode": "0700", "modeBits": 448, "uid": 0, "gid": 0}])
}

test_skip_when_etcd_runs_inside_k3s if {
	file_etcd_data_dir_owner.skip == "etcd runs inside the k3s process, as root: no etcd user owns /var/lib/rancher/k3s/server/db/etcd" with input as t.facts("k3s", {"etcd": {"name": "etcd", "source": "embedded:k3s", "flags": {}}}, [{"path": "/var/lib/rancher/k3s/server/db/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "dir", "mode": "0700", "modeBits": 448, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
}

test_unknown_when_only_a_broken_link_is_found if {
	file_etcd_data_dir_owner.unknown == "the ownership of etcd data directory /var/lib/etcd could not be read (symlink loop)" with input as t.with_files(comp, "kubeadm", [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "symlink", "mode": "0777", "modeBits": 511, "uid": 0, "gid": 0, "owner": "root", "group": "root", "error": "symlink loop"}])
}

test_skip_when_the_file_does_not_exist if {
	file_etcd_data_dir_owner.skip == "etcd data directory /var/lib/etcd does not exist" with input as t.with_files(comp, "kubeadm", [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": false}])
}

test_skip_when_no_file_and_no_component if {
	file_etcd_data_dir_owner.skip == "etcd is not running on this node and no etcd data directory was found" with input as t.facts("kubeadm", {}, [])
}

test_skip_when_the_component_has_no_such_file if {
	file_etcd_data_dir_owner.skip == "no etcd data directory was found (etcd runs inside k3s)" with input as t.facts("k3s", {"etcd": {"name": "etcd", "source": "embedded:k3s", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	file_etcd_data_dir_owner.skip == "managed control plane (gke): etcd is run by the provider" with input as t.with_files(comp, "gke", [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["test"], "exists": true, "type": "dir", "mode": "0700", "modeBits": 448, "uid": 1001, "gid": 998, "owner": "kube", "group": "etcd"}])
}
