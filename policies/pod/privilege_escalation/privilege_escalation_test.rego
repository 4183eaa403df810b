package kubeassay.checks.pod.privilege_escalation_test

import data.kubeassay.checks.pod.privilege_escalation

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_false_allowed if {
	count(privilege_escalation.deny) == 0 with input as pod({
		"initContainers": [{"name": "init", "securityContext": {"allowPrivilegeEscalation": false}}],
		"containers": [{"name": "a", "securityContext": {"allowPrivilegeEscalation": false}}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"allowPrivilegeEscalation": false}}],
	})
}

test_unset_or_true if {
	findings := privilege_escalation.deny with input as pod({"containers": [
		{"name": "a", "securityContext": null},
		{"name": "b", "securityContext": {}},
		{"name": "c", "securityContext": {"allowPrivilegeEscalation": true}},
		{"name": "d", "securityContext": {"allowPrivilegeEscalation": false}},
		{"name": "e", "securityContext": {"allowPrivilegeEscalation": null}},
	]})
	findings == {
		{"msg": "container \"a\" does not set allowPrivilegeEscalation to false", "path": "spec.containers[0].securityContext.allowPrivilegeEscalation", "value": null},
		{"msg": "container \"b\" does not set allowPrivilegeEscalation to false", "path": "spec.containers[1].securityContext.allowPrivilegeEscalation", "value": null},
		{"msg": "container \"c\" sets allowPrivilegeEscalation to true", "path": "spec.containers[2].securityContext.allowPrivilegeEscalation", "value": true},
		{"msg": "container \"e\" does not set allowPrivilegeEscalation to false", "path": "spec.containers[4].securityContext.allowPrivilegeEscalation", "value": null},
	}
}

test_init_and_ephemeral_containers if {
	findings := privilege_escalation.deny with input as pod({
		"initContainers": [{"name": "init"}],
		"containers": [{"name": "a", "securityContext": {"allowPrivilegeEscalation": false}}],
		"ephemeralContainers": [{"name": "debug"}],
	})
	{f.path | some f in findings} == {
		"spec.initContainers[0].securityContext.allowPrivilegeEscalation",
		"spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation",
	}
}

test_windows_pod_exempt if {
	count(privilege_escalation.deny) == 0 with input as pod({"os": {"name": "windows"}, "containers": [{"name": "a"}]})
}

test_linux_pod_not_exempt if {
	count(privilege_escalation.deny) == 1 with input as pod({"os": {"name": "linux"}, "containers": [{"name": "a"}]})
}

test_deployment_path if {
	findings := privilege_escalation.deny with input as {
		"apiVersion": "apps/v1",
		"kind": "Deployment",
		"metadata": {"name": "w"},
		"spec": {"template": {"spec": {"containers": [{"name": "web", "securityContext": {"runAsNonRoot": true}}]}}},
	}
	findings == {{
		"msg": "container \"web\" does not set allowPrivilegeEscalation to false",
		"path": "spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation",
		"value": null,
	}}
}
