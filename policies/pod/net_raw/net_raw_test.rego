package kubeassay.checks.pod.net_raw_test

import data.kubeassay.checks.pod.net_raw as check

pod(containers) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": containers}}

c(name, caps) := {"name": name, "image": "i", "securityContext": {"capabilities": caps}}

test_default_capabilities_fail if {
	fs := check.deny with input as pod([{"name": "a", "image": "i"}])
	count(fs) == 1
}

test_drop_all_or_net_raw_passes if {
	count(check.deny) == 0 with input as pod([c("a", {"drop": ["ALL"]}), c("b", {"drop": ["NET_RAW"]}), c("d", {"drop": ["all"], "add": ["NET_BIND_SERVICE"]})])
}

test_added_back_fails if {
	fs := check.deny with input as pod([c("a", {"drop": ["ALL"], "add": ["NET_RAW"]})])
	some f in fs
	f.path == "spec.containers[0].securityContext.capabilities.add[0]"
}

test_windows_pods_are_left_aside if {
	p := object.union(pod([{"name": "a", "image": "i"}]), {"spec": {"os": {"name": "windows"}}})
	count(check.deny) == 0 with input as p
}

test_cap_prefixed_drop_keeps_net_raw if {
	fs := check.deny with input as {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "securityContext": {"capabilities": {"drop": ["CAP_NET_RAW"]}}}]}}
	count(fs) == 1
	some f in fs
	f.path == "spec.containers[0].securityContext.capabilities.drop"
}

test_lower_case_drop_still_drops if {
	count(check.deny) == 0 with input as {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "securityContext": {"capabilities": {"drop": ["net_raw"]}}}]}}
}
