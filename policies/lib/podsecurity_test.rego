package kubeassay.lib.podsecurity_test

import data.kubeassay.lib.podsecurity as psa

ns(name, level) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": {"pod-security.kubernetes.io/enforce": level}}} if level != null

else := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}

inp(nss) := {"objects": {"Namespace": nss}}

test_levels_below_baseline if {
	fs := psa.below("baseline") with input as inp([ns("a", null), ns("b", "privileged"), ns("c", "baseline"), ns("d", "restricted"), ns("kube-system", null)])
	{f.resource.name | some f in fs} == {"a", "b"}
}

test_levels_below_restricted if {
	fs := psa.below("restricted") with input as inp([ns("a", null), ns("c", "baseline"), ns("d", "restricted")])
	{f.resource.name | some f in fs} == {"a", "c"}
}

test_invalid_level_is_unknown_not_a_finding if {
	i := inp([ns("a", "strict")])
	count(psa.below("baseline")) == 0 with input as i
	count(psa.invalid) == 1 with input as i
}
