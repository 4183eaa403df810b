package kubeassay.checks.pod.proc_mount_baseline_test

import data.kubeassay.checks.pod.proc_mount_baseline

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

containers := [
	{"name": "a", "securityContext": null},
	{"name": "b", "securityContext": {}},
	{"name": "c", "securityContext": {"procMount": "Default"}},
	{"name": "d", "securityContext": {"procMount": "Unmasked"}},
	{"name": "e", "securityContext": {"procMount": "other"}},
]

test_host_users_true if {
	findings := proc_mount_baseline.deny with input as pod({"hostUsers": true, "containers": containers})
	findings == {
		{
			"msg": "container \"d\" sets procMount \"Unmasked\" outside a user namespace",
			"path": "spec.containers[3].securityContext.procMount",
			"value": "Unmasked",
		},
		{
			"msg": "container \"e\" sets procMount \"other\" outside a user namespace",
			"path": "spec.containers[4].securityContext.procMount",
			"value": "other",
		},
	}
}

test_host_users_unset if {
	count(proc_mount_baseline.deny) == 2 with input as pod({"containers": containers})
}

# Since 1.35 the baseline rule does not apply to pods in a user namespace.
test_host_users_false_allowed if {
	count(proc_mount_baseline.deny) == 0 with input as pod({"hostUsers": false, "containers": containers})
}

test_default_allowed if {
	count(proc_mount_baseline.deny) == 0 with input as pod({"containers": [
		{"name": "a"},
		{"name": "b", "securityContext": {"procMount": "Default"}},
		{"name": "c", "securityContext": {"procMount": null}},
	]})
}

test_init_and_ephemeral_containers if {
	findings := proc_mount_baseline.deny with input as pod({
		"initContainers": [{"name": "init", "securityContext": {"procMount": "Unmasked"}}],
		"containers": [{"name": "a"}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"procMount": "Unmasked"}}],
	})
	{f.path | some f in findings} == {
		"spec.initContainers[0].securityContext.procMount",
		"spec.ephemeralContainers[0].securityContext.procMount",
	}
}

test_replicaset_path if {
	findings := proc_mount_baseline.deny with input as {
		"apiVersion": "apps/v1",
		"kind": "ReplicaSet",
		"metadata": {"name": "rs"},
		"spec": {"template": {"spec": {"containers": [{"name": "builder", "securityContext": {"procMount": "Unmasked"}}]}}},
	}
	{f.path | some f in findings} == {"spec.template.spec.containers[0].securityContext.procMount"}
}
