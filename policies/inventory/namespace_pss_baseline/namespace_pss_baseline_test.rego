package kubeassay.checks.inventory.namespace_pss_baseline_test

import data.kubeassay.checks.inventory.namespace_pss_baseline as check

ns(name, labels) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels}}

test_lower_level_fails if {
	fs := check.deny with input as {"objects": {"Namespace": [ns("a", {"pod-security.kubernetes.io/enforce": "privileged"})]}}
	count(fs) == 1
}

test_level_passes if {
	i := {"objects": {"Namespace": [ns("a", {"pod-security.kubernetes.io/enforce": "baseline"}), ns("kube-system", {})]}}
	count(check.deny) == 0 with input as i
	not check.unknown with input as i
}

test_invalid_level_is_unknown if {
	check.unknown with input as {"objects": {"Namespace": [ns("a", {"pod-security.kubernetes.io/enforce": "Baseline"})]}}
}
