package kubeassay.checks.pod.run_as_user_test

import data.kubeassay.checks.pod.run_as_user

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_non_zero_and_unset_allowed if {
	count(run_as_user.deny) == 0 with input as pod({"securityContext": {"runAsUser": 1000}, "containers": [{"name": "a"}]})
	count(run_as_user.deny) == 0 with input as pod({"securityContext": {"runAsUser": null}, "containers": [{"name": "a", "securityContext": null}]})
	count(run_as_user.deny) == 0 with input as pod({"containers": [
		{"name": "c", "securityContext": {"runAsUser": 1}},
		{"name": "d", "securityContext": {"runAsUser": 2}},
	]})
}

test_pod_root if {
	findings := run_as_user.deny with input as pod({"securityContext": {"runAsUser": 0}, "containers": [{"name": "a"}]})
	findings == {{
		"msg": "pod sets runAsUser to 0 (root)",
		"path": "spec.securityContext.runAsUser",
		"value": 0,
	}}
}

test_containers_root if {
	findings := run_as_user.deny with input as pod({
		"securityContext": {"runAsUser": 1000},
		"initContainers": [{"name": "init", "securityContext": {"runAsUser": 0}}],
		"containers": [
			{"name": "a", "securityContext": null},
			{"name": "b", "securityContext": {}},
			{"name": "c", "securityContext": {"runAsUser": 0}},
			{"name": "e", "securityContext": {"runAsUser": 1}},
		],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"runAsUser": 0}}],
	})
	{f.path | some f in findings} == {
		"spec.initContainers[0].securityContext.runAsUser",
		"spec.containers[2].securityContext.runAsUser",
		"spec.ephemeralContainers[0].securityContext.runAsUser",
	}
}

# Since 1.35 pods in their own user namespace are exempt.
test_host_users_false_allowed if {
	count(run_as_user.deny) == 0 with input as pod({
		"hostUsers": false,
		"securityContext": {"runAsUser": 0},
		"containers": [{"name": "a", "securityContext": {"runAsUser": 0}}],
	})
}

test_job_path if {
	findings := run_as_user.deny with input as {
		"apiVersion": "batch/v1",
		"kind": "Job",
		"metadata": {"name": "migrate"},
		"spec": {"template": {"spec": {"containers": [{"name": "migrate", "securityContext": {"runAsUser": 0}}]}}},
	}
	{f.path | some f in findings} == {"spec.template.spec.containers[0].securityContext.runAsUser"}
}
