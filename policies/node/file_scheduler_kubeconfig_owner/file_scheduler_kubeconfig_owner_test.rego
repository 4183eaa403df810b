package kubeassay.checks.node.file_scheduler_kubeconfig_owner_test

import data.kubeassay.checks.node.file_scheduler_kubeconfig_owner
import data.kubeassay.test.node as t

comp := "kube-scheduler"

test_pass_when_owned_by_root if {
	doc1 := t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/scheduler.conf", "roles": ["scheduler-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
	not file_scheduler_kubeconfig_owner.skip with input as doc1
	count(file_scheduler_kubeconfig_owner.deny) == 0 with input as doc1
}

test_fail_when_another_user_owns_it if {
	file_scheduler_kubeconfig_owner.deny == {{"msg": "scheduler kubeconfig /etc/kubernetes/scheduler.conf is owned by kube:root, not root:root", "path": "files[/etc/kubernetes/scheduler.conf].owner", "value": "kube:root"}} with input as t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/scheduler.conf", "roles": ["scheduler-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 1001, "gid": 0, "owner": "kube", "group": "root"}])
}

test_fail_when_another_group_owns_it if {
	file_scheduler_kubeconfig_owner.deny == {{"msg": "scheduler kubeconfig /etc/kubernetes/scheduler.conf is owned by root:adm, not root:root", "path": "files[/etc/kubernetes/scheduler.conf].group", "value": "root:adm"}} with input as t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/scheduler.conf", "roles": ["scheduler-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 0, "gid": 4, "owner": "root", "group": "adm"}])
}

test_ids_decide_when_names_were_not_recorded if {
	doc2 := t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/scheduler.conf", "roles": ["scheduler-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 0, "gid": 0}])
	not file_scheduler_kubeconfig_owner.skip with input as doc2
	count(file_scheduler_kubeconfig_owner.deny) == 0 with input as doc2
	file_scheduler_kubeconfig_owner.deny == {{"msg": "scheduler kubeconfig /etc/kubernetes/scheduler.conf is owned by 1000:0, not root:root", "path": "files[/etc/kubernetes/scheduler.conf].owner", "value": "1000:0"}} with input as t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/scheduler.conf", "roles": ["scheduler-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 1000, "gid": 0}])
}

test_unknown_when_only_a_broken_link_is_found if {
	file_scheduler_kubeconfig_owner.unknown == "the ownership of scheduler kubeconfig /etc/kubernetes/scheduler.conf could not be read (symlink loop)" with input as t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/scheduler.conf", "roles": ["scheduler-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "symlink", "mode": "0777", "modeBits": 511, "uid": 0, "gid": 0, "owner": "root", "group": "root", "error": "symlink loop"}])
}

test_skip_when_the_file_does_not_exist if {
	file_scheduler_kubeconfig_owner.skip == "scheduler kubeconfig /etc/kubernetes/scheduler.conf does not exist" with input as t.with_files(comp, "kubeadm", [{"path": "/etc/kubernetes/scheduler.conf", "roles": ["scheduler-kubeconfig"], "discoveredBy": ["test"], "exists": false}])
}

test_skip_when_no_file_and_no_component if {
	file_scheduler_kubeconfig_owner.skip == "kube-scheduler is not running on this node and no scheduler kubeconfig was found" with input as t.facts("kubeadm", {}, [])
}

test_skip_when_the_component_has_no_such_file if {
	file_scheduler_kubeconfig_owner.skip == "no scheduler kubeconfig was found (kube-scheduler runs inside k3s)" with input as t.facts("k3s", {"kube-scheduler": {"name": "kube-scheduler", "source": "embedded:k3s", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	file_scheduler_kubeconfig_owner.skip == "managed control plane (gke): kube-scheduler is run by the provider" with input as t.with_files(comp, "gke", [{"path": "/etc/kubernetes/scheduler.conf", "roles": ["scheduler-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 1001, "gid": 0, "owner": "kube", "group": "root"}])
}
