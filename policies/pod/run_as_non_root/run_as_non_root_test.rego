package kubeassay.checks.pod.run_as_non_root_test

import data.kubeassay.checks.pod.run_as_non_root

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_pod_level_true_allowed if {
	count(run_as_non_root.deny) == 0 with input as pod({
		"securityContext": {"runAsNonRoot": true},
		"initContainers": [{"name": "init"}],
		"containers": [{"name": "a"}, {"name": "b", "securityContext": {}}, {"name": "c", "securityContext": {"runAsNonRoot": true}}],
		"ephemeralContainers": [{"name": "debug", "securityContext": null}],
	})
}

test_container_level_true_allowed if {
	count(run_as_non_root.deny) == 0 with input as pod({"containers": [
		{"name": "a", "securityContext": {"runAsNonRoot": true}},
		{"name": "b", "securityContext": {"runAsNonRoot": true}},
	]})
}

test_no_explicit_run_as_non_root if {
	findings := run_as_non_root.deny with input as pod({"containers": [{"name": "a"}]})
	findings == {{
		"msg": "container \"a\" does not set runAsNonRoot to true, nor does the pod",
		"path": "spec.containers[0].securityContext.runAsNonRoot",
		"value": null,
	}}
}

test_pod_false if {
	findings := run_as_non_root.deny with input as pod({
		"securityContext": {"runAsNonRoot": false},
		"containers": [{"name": "a", "securityContext": null}],
	})
	findings == {{
		"msg": "pod sets runAsNonRoot to false",
		"path": "spec.securityContext.runAsNonRoot",
		"value": false,
	}}
}

# The pod's false is refused even when every container overrides it.
test_pod_false_containers_true if {
	findings := run_as_non_root.deny with input as pod({
		"securityContext": {"runAsNonRoot": false},
		"containers": [{"name": "a", "securityContext": {"runAsNonRoot": true}}],
	})
	{f.path | some f in findings} == {"spec.securityContext.runAsNonRoot"}
}

test_containers_false if {
	findings := run_as_non_root.deny with input as pod({
		"securityContext": {"runAsNonRoot": true},
		"containers": [
			{"name": "a", "securityContext": null},
			{"name": "b", "securityContext": {}},
			{"name": "c", "securityContext": {"runAsNonRoot": false}},
			{"name": "d", "securityContext": {"runAsNonRoot": false}},
			{"name": "e", "securityContext": {"runAsNonRoot": true}},
		],
	})
	findings == {
		{"msg": "container \"c\" sets runAsNonRoot to false", "path": "spec.containers[2].securityContext.runAsNonRoot", "value": false},
		{"msg": "container \"d\" sets runAsNonRoot to false", "path": "spec.containers[3].securityContext.runAsNonRoot", "value": false},
	}
}

test_pod_unset_container_fallthrough if {
	findings := run_as_non_root.deny with input as pod({
		"initContainers": [{"name": "init"}],
		"containers": [
			{"name": "a", "securityContext": null},
			{"name": "b", "securityContext": {}},
			{"name": "d", "securityContext": {"runAsNonRoot": true}},
		],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"runAsNonRoot": null}}],
	})
	{f.path | some f in findings} == {
		"spec.initContainers[0].securityContext.runAsNonRoot",
		"spec.containers[0].securityContext.runAsNonRoot",
		"spec.containers[1].securityContext.runAsNonRoot",
		"spec.ephemeralContainers[0].securityContext.runAsNonRoot",
	}
}

# Since 1.35 pods in their own user namespace are exempt.
test_host_users_false_allowed if {
	count(run_as_non_root.deny) == 0 with input as pod({"hostUsers": false, "containers": [{"name": "a"}]})
	count(run_as_non_root.deny) == 0 with input as pod({
		"hostUsers": false,
		"securityContext": {"runAsNonRoot": false},
		"containers": [{"name": "a", "securityContext": {"runAsNonRoot": false}}],
	})
}

test_host_users_true_not_exempt if {
	count(run_as_non_root.deny) == 1 with input as pod({"hostUsers": true, "containers": [{"name": "a"}]})
}

test_cronjob_path if {
	findings := run_as_non_root.deny with input as {
		"apiVersion": "batch/v1",
		"kind": "CronJob",
		"metadata": {"name": "report"},
		"spec": {"schedule": "0 3 * * *", "jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "report"}]}}}}},
	}
	findings == {{
		"msg": "container \"report\" does not set runAsNonRoot to true, nor does the pod",
		"path": "spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsNonRoot",
		"value": null,
	}}
}
