package kubeassay.checks.pod.host_process_test

import data.kubeassay.checks.pod.host_process

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_unset_and_false_allowed if {
	count(host_process.deny) == 0 with input as pod({
		"securityContext": {"windowsOptions": {"hostProcess": false, "runAsUserName": "ContainerUser"}},
		"containers": [
			{"name": "a"},
			{"name": "b", "securityContext": {"windowsOptions": {}}},
			{"name": "c", "securityContext": {"windowsOptions": {"hostProcess": false}}},
		],
	})
}

test_pod_level if {
	findings := host_process.deny with input as pod({
		"securityContext": {"windowsOptions": {"hostProcess": true}},
		"hostNetwork": true,
		"containers": [{"name": "a"}],
	})
	findings == {{
		"msg": "pod sets windowsOptions.hostProcess to true",
		"path": "spec.securityContext.windowsOptions.hostProcess",
		"value": true,
	}}
}

test_containers_of_every_type if {
	findings := host_process.deny with input as pod({
		"initContainers": [{"name": "init", "securityContext": {"windowsOptions": {"hostProcess": true}}}],
		"containers": [{"name": "a"}, {"name": "b", "securityContext": {"windowsOptions": {"hostProcess": true}}}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"windowsOptions": {"hostProcess": true}}}],
	})
	{f.path | some f in findings} == {
		"spec.initContainers[0].securityContext.windowsOptions.hostProcess",
		"spec.containers[1].securityContext.windowsOptions.hostProcess",
		"spec.ephemeralContainers[0].securityContext.windowsOptions.hostProcess",
	}
}

test_pod_and_container if {
	findings := host_process.deny with input as pod({
		"securityContext": {"windowsOptions": {"hostProcess": true}},
		"containers": [{"name": "a", "securityContext": {"windowsOptions": {"hostProcess": true}}}],
	})
	count(findings) == 2
}

test_deployment_path if {
	findings := host_process.deny with input as {
		"apiVersion": "apps/v1",
		"kind": "Deployment",
		"metadata": {"name": "w"},
		"spec": {"template": {"spec": {
			"securityContext": {"windowsOptions": {"hostProcess": true}},
			"containers": [{"name": "agent", "securityContext": {"windowsOptions": {"hostProcess": true}}}],
		}}},
	}
	findings == {
		{
			"msg": "pod sets windowsOptions.hostProcess to true",
			"path": "spec.template.spec.securityContext.windowsOptions.hostProcess",
			"value": true,
		},
		{
			"msg": "container \"agent\" sets windowsOptions.hostProcess to true",
			"path": "spec.template.spec.containers[0].securityContext.windowsOptions.hostProcess",
			"value": true,
		},
	}
}
