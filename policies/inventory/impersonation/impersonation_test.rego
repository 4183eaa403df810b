package kubeassay.checks.inventory.impersonation_test

import data.kubeassay.checks.inventory.impersonation as check

test_users_and_groups_are_impersonated_cluster_wide if {
	some r in check.risk
	r.what == "impersonate users or groups"
	r.where == "cluster"
}

test_only_impersonate_is_asked if {
	asked := {req[0].verb | some r in check.risk; some req in r.any_of}
	asked == {"impersonate"}
}

test_every_impersonated_resource_is_asked if {
	asked := {req[0].resource | some r in check.risk; some req in r.any_of}
	asked == {"users", "groups", "uids", "serviceaccounts"}
}
