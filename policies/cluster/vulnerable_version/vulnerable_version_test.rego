package kubeassay.checks.cluster.vulnerable_version_test

import data.kubeassay.checks.cluster.vulnerable_version as check
import data.kubeassay.lib.cves

doc(server, kubelets) := {"kind": "ClusterVersion", "platform": "kubeadm", "serverVersion": server, "kubelets": kubelets}

test_ranges_are_inclusive if {
	{x.id | some x in cves.affecting("kube-apiserver", "v1.33.1")} == {"CVE-2025-4563", "CVE-2025-5187"}
	{x.id | some x in cves.affecting("kube-apiserver", "v1.33.3")} == {"CVE-2025-5187"}
	count(cves.affecting("kube-apiserver", "v1.33.4")) == 0
}

test_a_range_without_from_reaches_back if {
	"CVE-2024-3177" in {x.id | some x in cves.affecting("kube-apiserver", "v1.20.0")}
}

test_suffixes_are_read if {
	cves.parse("v1.32.7-eks-4b5b5e8") == [1, 32, 7]
	cves.parse("1.33.1+k3s1") == [1, 33, 1]
	not cves.parse("v1.33")
}

test_patched_passes if {
	count(check.deny) == 0 with input as doc("v1.37.2", {"v1.36.3": 2})
	not check.unknown with input as doc("v1.37.2", {"v1.36.3": 2})
}

test_unpatched_kubelet_fails_naming_the_cve if {
	{f.value | some f in check.deny} == {"CVE-2025-0426"} with input as doc("v1.37.2", {"v1.32.1": 4})
	some f in check.deny with input as doc("v1.37.2", {"v1.32.1": 4})
	startswith(f.msg, "4 node(s) run kubelet v1.32.1, affected by CVE-2025-0426 (medium: ")
}

test_managed_cluster_is_told_to_confirm if {
	some f in check.deny with input as object.union(doc("v1.33.1-eks-1", {}), {"platform": "eks"})
	endswith(f.msg, "(the provider may have backported the fix: confirm against its security bulletins)")
}

test_unknown_versions_are_undecided if {
	check.unknown == "the kubelets' versions are not known: forbidden" with input as {"serverVersion": "v1.37.2", "kubeletsUnknown": "forbidden"}
	check.unknown == "the API server's version \"v1.37\" cannot be read as a Kubernetes release" with input as doc("v1.37", {})
}

test_stale_list_warns if {
	count(check.warn) == 1 with cves.age_days as 400
}
