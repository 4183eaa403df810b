package kubeassay.checks.node.file_azure_json_owner_test

import data.kubeassay.checks.node.file_azure_json_owner as check
import data.kubeassay.test.node as t

test_root_passes if {
	doc := t.with_files("kubelet", "aks", [{"path": "/etc/kubernetes/azure.json", "roles": ["azure-json"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 0, "gid": 0, "owner": "root", "group": "root"}])
	not check.skip with input as doc
	count(check.deny) == 0 with input as doc
}

test_user_owned_fails if {
	count(check.deny) == 1 with input as t.with_files("kubelet", "aks", [{"path": "/etc/kubernetes/azure.json", "roles": ["azure-json"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": "0600", "modeBits": 384, "uid": 1000, "gid": 0, "owner": "azureuser", "group": "root"}])
}

test_unreadable_is_unknown if {
	check.unknown with input as t.with_files("kubelet", "aks", [{"path": "/etc/kubernetes/azure.json", "roles": ["azure-json"], "discoveredBy": ["test"], "exists": true, "type": "symlink", "error": "dangling symlink"}])
}

test_other_platforms_skip if {
	check.skip == "azure.json is a file of AKS nodes; this node is gke" with input as t.with_files("kubelet", "gke", [])
}
