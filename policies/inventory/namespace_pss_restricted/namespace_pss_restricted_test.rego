package kubeassay.checks.inventory.namespace_pss_restricted_test

import data.kubeassay.checks.inventory.namespace_pss_restricted as check

ns(name, labels) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels}}

test_lower_level_fails if {
	fs := check.deny with input as {"objects": {"Namespace": [ns("a", {"pod-security.kubernetes.io/enforce": "baseline"})]}}
	count(fs) == 1
}

test_level_passes if {
	i := {"objects": {"Namespace": [ns("a", {"pod-security.kubernetes.io/enforce": "restricted"}), ns("kube-system", {})]}}
	count(check.deny) == 0 with input as i
	not check.unknown with input as i
}

test_invalid_level_is_unknown if {
	check.unknown with input as {"objects": {"Namespace": [ns("a", {"pod-security.kubernetes.io/enforce": "Baseline"})]}}
}
