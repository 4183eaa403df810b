package kubeassay.checks.pod.host_namespaces_test

import data.kubeassay.checks.pod.host_namespaces

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_unset_and_false_allowed if {
	count(host_namespaces.deny) == 0 with input as pod({"containers": [{"name": "a"}]})
	count(host_namespaces.deny) == 0 with input as pod({
		"hostNetwork": false,
		"hostPID": false,
		"hostIPC": false,
		"containers": [{"name": "a"}],
	})
}

test_each_namespace if {
	host_namespaces.deny == {{
		"msg": "pod shares the host's network namespace (hostNetwork: true)",
		"path": "spec.hostNetwork",
		"value": true,
	}} with input as pod({"hostNetwork": true, "containers": [{"name": "a"}]})
	host_namespaces.deny == {{
		"msg": "pod shares the host's PID namespace (hostPID: true)",
		"path": "spec.hostPID",
		"value": true,
	}} with input as pod({"hostPID": true, "containers": [{"name": "a"}]})
	host_namespaces.deny == {{
		"msg": "pod shares the host's IPC namespace (hostIPC: true)",
		"path": "spec.hostIPC",
		"value": true,
	}} with input as pod({"hostIPC": true, "containers": [{"name": "a"}]})
}

test_all_three if {
	count(host_namespaces.deny) == 3 with input as pod({
		"hostNetwork": true,
		"hostPID": true,
		"hostIPC": true,
		"containers": [{"name": "a"}],
	})
}

test_cronjob_path if {
	findings := host_namespaces.deny with input as {
		"apiVersion": "batch/v1",
		"kind": "CronJob",
		"metadata": {"name": "j"},
		"spec": {"schedule": "@hourly", "jobTemplate": {"spec": {"template": {"spec": {
			"hostPID": true,
			"containers": [{"name": "a"}],
		}}}}},
	}
	{f.path | some f in findings} == {"spec.jobTemplate.spec.template.spec.hostPID"}
}

test_a_value_other_than_a_boolean_is_not_read_as_false if {
	host_namespaces.deny == {{
		"msg": `pod shares the host's PID namespace (hostPID: "true")`,
		"path": "spec.hostPID",
		"value": "true",
	}} with input as pod({"hostPID": "true", "hostNetwork": null, "containers": [{"name": "a"}]})
}
