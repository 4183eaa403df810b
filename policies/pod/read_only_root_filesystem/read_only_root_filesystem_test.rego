package kubeassay.checks.pod.read_only_root_filesystem_test

import data.kubeassay.checks.pod.read_only_root_filesystem as check

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

ro := {"readOnlyRootFilesystem": true}

test_every_container_read_only_passes if {
	count(check.deny) == 0 with input as pod({
		"initContainers": [{"name": "init", "securityContext": ro}],
		"containers": [{"name": "app", "securityContext": ro}],
		"ephemeralContainers": [{"name": "debug", "securityContext": ro}],
	})
}

test_unset_and_false_fail_for_every_container_type if {
	fs := check.deny with input as pod({
		"initContainers": [{"name": "init"}],
		"containers": [{"name": "app", "securityContext": ro}, {"name": "side", "securityContext": {"readOnlyRootFilesystem": false}}],
		"ephemeralContainers": [{"name": "debug", "securityContext": null}],
	})
	fs == {
		{"msg": `init container "init" has a writable root filesystem (readOnlyRootFilesystem is not set)`, "path": "spec.initContainers[0].securityContext.readOnlyRootFilesystem", "value": null},
		{"msg": `container "side" has a writable root filesystem (readOnlyRootFilesystem is false)`, "path": "spec.containers[1].securityContext.readOnlyRootFilesystem", "value": false},
		{"msg": `ephemeral container "debug" has a writable root filesystem (readOnlyRootFilesystem is not set)`, "path": "spec.ephemeralContainers[0].securityContext.readOnlyRootFilesystem", "value": null},
	}
}

test_pod_level_context_does_not_count if {
	# readOnlyRootFilesystem exists only on the container's securityContext.
	count(check.deny) == 1 with input as pod({"securityContext": ro, "containers": [{"name": "app"}]})
}

test_cronjob_path if {
	fs := check.deny with input as {
		"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"},
		"spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "job"}]}}}}},
	}
	some f in fs
	f.path == "spec.jobTemplate.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem"
}
