package kubeassay.checks.node.file_kubelet_config_owner_test

import data.kubeassay.checks.node.file_kubelet_config_owner
import data.kubeassay.test.node as t

comp := "kubelet"

test_pass_when_owned_by_root if {
	doc1 := t.with_files(comp, "kubeadm", [{"path": "/var/lib/kubelet/config.yaml", "roles": ["kubelet-config"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
	not file_kubelet_config_owner.skip with input as doc1
	count(file_kubelet_config_owner.deny) == 0 with input as doc1
}

test_fail_when_another_user_owns_it if {
	file_kubelet_config_owner.deny == {{"msg": "kubelet configuration file /var/lib/kubelet/config.yaml is owned by kube:root, not root:root", "path": "files[/var/lib/kubelet/config.yaml].owner", "value": "kube:root"}} with input as t.with_files(comp, "kubeadm", [{"path": "/var/lib/kubelet/config.yaml", "roles": ["kubelet-config"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 1001, "gid": 0, "owner": "kube", "group": "root"}])
}

test_fail_when_another_group_owns_it if {
	file_kubelet_config_owner.deny == {{"msg": "kubelet configuration file /var/lib/kubelet/config.yaml is owned by root:adm, not root:root", "path": "files[/var/lib/kubelet/config.yaml].group", "value": "root:adm"}} with input as t.with_files(comp, "kubeadm", [{"path": "/var/lib/kubelet/config.yaml", "roles": ["kubelet-config"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 0, "gid": 4, "owner": "root", "group": "adm"}])
}

test_ids_decide_when_names_were_not_recorded if {
	doc2 := t.with_files(comp, "kubeadm", [{"path": "/var/lib/kubelet/config.yaml", "roles": ["kubelet-config"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 0, "gid": 0}])
	not file_kubelet_config_owner.skip with input as doc2
	count(file_kubelet_config_owner.deny) == 0 with input as doc2
	file_kubelet_config_owner.deny == {{"msg": "kubelet configuration file /var/lib/kubelet/config.yaml is owned by 1000:0, not root:root", "path": "files[/var/lib/kubelet/config.yaml].owner", "value": "1000:0"}} with input as t.with_files(comp, "kubeadm", [{"path": "/var/lib/kubelet/config.yaml", "roles": ["kubelet-config"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 1000, "gid": 0}])
}

test_unknown_when_only_a_broken_link_is_found if {
	file_kubelet_config_owner.unknown == "the ownership of kubelet configuration file /var/lib/kubelet/config.yaml could not be read (symlink loop)" with input as t.with_files(comp, "kubeadm", [{"path": "/var/lib/kubelet/config.yaml", "roles": ["kubelet-config"], "discoveredBy": ["test"], "exists": true, "type": "symlink", "mode": "0777", "modeBits": 511, "uid": 0, "gid": 0, "owner": "root", "group": "root", "error": "symlink loop"}])
}

test_skip_when_the_file_does_not_exist if {
	file_kubelet_config_owner.skip == "kubelet configuration file /var/lib/kubelet/config.yaml does not exist" with input as t.with_files(comp, "kubeadm", [{"path": "/var/lib/kubelet/config.yaml", "roles": ["kubelet-config"], "discoveredBy": ["test"], "exists": false}])
}

test_skip_when_no_file_and_no_component if {
	file_kubelet_config_owner.skip == "kubelet is not running on this node and no kubelet configuration file was found" with input as t.facts("kubeadm", {}, [])
}

test_skip_when_the_component_has_no_such_file if {
	file_kubelet_config_owner.skip == "no kubelet configuration file was found (kubelet runs inside k3s)" with input as t.facts("k3s", {"kubelet": {"name": "kubelet", "source": "embedded:k3s", "flags": {}}}, [])
}

test_skip_when_the_kubelet_uses_no_config_file if {
	file_kubelet_config_owner.skip == "kubelet runs without a --config file (env-file:/etc/default/kubelet): its settings come from flags" with input as t.facts("aks", {"kubelet": {"name": "kubelet", "source": "env-file:/etc/default/kubelet", "flags": {}, "config": {"defaults": "command-line", "settings": {}}}}, [])
}

test_judged_on_a_managed_platform if {
	doc3 := t.with_files(comp, "eks", [{"path": "/var/lib/kubelet/config.yaml", "roles": ["kubelet-config"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 1001, "gid": 0, "owner": "kube", "group": "root"}])
	not file_kubelet_config_owner.skip with input as doc3
	count(file_kubelet_config_owner.deny) == 1 with input as doc3
}
