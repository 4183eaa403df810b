package kubeassay.checks.node.file_azure_json_mode_test

import data.kubeassay.checks.node.file_azure_json_mode as check
import data.kubeassay.test.node as t

test_0600_passes if {
	doc := t.with_files("kubelet", "aks", [{"path": "/etc/kubernetes/azure.json", "roles": ["azure-json"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
	not check.skip with input as doc
	count(check.deny) == 0 with input as doc
}

test_world_writable_fails if {
	check.deny == {{"msg": "azure.json /etc/kubernetes/azure.json has mode 0666, not 0644 or more restrictive", "path": "files[/etc/kubernetes/azure.json].mode", "value": "0666"}} with input as t.with_files("kubelet", "aks", [{"path": "/etc/kubernetes/azure.json", "roles": ["azure-json"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0666", "modeBits": 438, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
}

test_unreadable_is_unknown if {
	check.unknown == "the mode of azure.json /etc/kubernetes/azure.json could not be read (dangling symlink)" with input as t.with_files("kubelet", "aks", [{"path": "/etc/kubernetes/azure.json", "roles": ["azure-json"], "discoveredBy": ["test"], "exists": true, "type": "symlink", "error": "dangling symlink"}])
}

test_other_platforms_skip if {
	check.skip == "azure.json is a file of AKS nodes; this node is eks" with input as t.with_files("kubelet", "eks", [])
}

test_aks_node_without_the_file_skips if {
	check.skip == "azure.json /etc/kubernetes/azure.json does not exist" with input as t.with_files("kubelet", "aks", [{"path": "/etc/kubernetes/azure.json", "roles": ["azure-json"], "discoveredBy": ["profile:aks"], "exists": false}])
}
