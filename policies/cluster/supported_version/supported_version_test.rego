package kubeassay.checks.cluster.supported_version_test

import data.kubeassay.checks.cluster.supported_version as check
import data.kubeassay.lib.releases

doc(server, kubelets) := {"apiVersion": "kubeassay/v1", "kind": "ClusterVersion", "metadata": {"name": "cluster"}, "platform": "kubeadm", "serverVersion": server, "kubelets": kubelets}

test_supported_minors_are_the_three_newest if {
	releases.supported == ["1.35", "1.36", "1.37"]
}

test_versions_are_read_with_their_suffixes if {
	releases.minor_of("v1.34.2-eks-4b5b5e8") == 34
	releases.minor_of("v1.35.1+k3s1") == 35
	releases.minor_of("1.36") == 36
	not releases.minor_of("v2.0.0")
	not releases.minor_of("devel")
}

test_supported_passes if {
	count(check.deny) == 0 with input as doc("v1.35.0", {"v1.35.0": 3, "v1.37.2": 1})
	not check.unknown with input as doc("v1.35.0", {"v1.35.0": 3})
}

test_newer_than_the_data_passes if {
	count(check.deny) == 0 with input as doc("v1.40.1", {"v1.40.1": 3})
}

test_old_server_fails_with_the_window if {
	check.deny == {{"msg": "the API server runs v1.34.4, a minor release upstream no longer patches (supported minors as of 2026-12-01: 1.35, 1.36, 1.37)", "path": "serverVersion", "value": "v1.34.4"}} with input as doc("v1.34.4", {"v1.35.4": 1})
}

test_managed_cluster_is_told_about_extended_support if {
	some f in check.deny with input as object.union(doc("v1.33.5-eks-1", {}), {"platform": "eks"})
	endswith(f.msg, "(the provider may still patch it under extended or long-term support: confirm)")
}

test_old_kubelets_fail_with_their_count if {
	{f.msg | some f in check.deny} == {"2 node(s) run kubelet v1.33.13, a minor release upstream no longer patches (supported minors as of 2026-12-01: 1.35, 1.36, 1.37)"} with input as doc("v1.35.4", {"v1.35.4": 5, "v1.33.13": 2})
}

test_unknown_kubelets_are_undecided if {
	check.unknown == "the kubelets' versions are not known: nodes could not be listed: forbidden" with input as {"kind": "ClusterVersion", "serverVersion": "v1.37.2", "kubeletsUnknown": "nodes could not be listed: forbidden"}
}

test_unreadable_versions_are_undecided if {
	check.unknown == "1 node(s) report kubelet version \"\", which cannot be read as a Kubernetes 1.x version; the API server's version \"devel\" cannot be read as a Kubernetes 1.x version" with input as doc("devel", {"": 1})
}

test_stale_data_warns if {
	count(check.warn) == 1 with releases.age_days as 200
	count(check.warn) == 0 with releases.age_days as 10
}
