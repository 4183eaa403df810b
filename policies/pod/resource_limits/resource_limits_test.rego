package kubeassay.checks.pod.resource_limits_test

import data.kubeassay.checks.pod.resource_limits as check

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

limits := {"limits": {"cpu": "500m", "memory": "256Mi"}}

test_limits_on_every_container_pass if {
	count(check.deny) == 0 with input as pod({
		"initContainers": [{"name": "init", "resources": limits}],
		"containers": [{"name": "app", "resources": limits}],
		"ephemeralContainers": [{"name": "debug"}],
	})
}

test_missing_limits_fail_per_container_and_resource if {
	fs := check.deny with input as pod({
		"initContainers": [{"name": "init", "resources": {"limits": {"memory": "64Mi"}}}],
		"containers": [{"name": "app", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}, {"name": "ok", "resources": limits}],
	})
	fs == {
		{"msg": `init container "init" has no cpu limit`, "path": "spec.initContainers[0].resources.limits.cpu", "value": null},
		{"msg": `container "app" has no cpu limit`, "path": "spec.containers[0].resources.limits.cpu", "value": null},
		{"msg": `container "app" has no memory limit`, "path": "spec.containers[0].resources.limits.memory", "value": null},
	}
}

test_null_resources_fail if {
	count(check.deny) == 2 with input as pod({"containers": [{"name": "app", "resources": null}]})
	count(check.deny) == 2 with input as pod({"containers": [{"name": "app", "resources": {"limits": null}}]})
}

test_pod_level_limit_stands_in_for_its_resource if {
	fs := check.deny with input as pod({"resources": {"limits": {"memory": "1Gi"}}, "containers": [{"name": "app"}]})
	fs == {{"msg": `container "app" has no cpu limit`, "path": "spec.containers[0].resources.limits.cpu", "value": null}}
}

test_job_path if {
	fs := check.deny with input as {
		"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"},
		"spec": {"template": {"spec": {"containers": [{"name": "run", "resources": {"limits": {"cpu": "1"}}}]}}},
	}
	fs == {{"msg": `container "run" has no memory limit`, "path": "spec.template.spec.containers[0].resources.limits.memory", "value": null}}
}
