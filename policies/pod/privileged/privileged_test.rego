package kubeassay.checks.pod.privileged_test

import data.kubeassay.checks.pod.privileged

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_unset_and_false_allowed if {
	count(privileged.deny) == 0 with input as pod({"containers": [
		{"name": "a"},
		{"name": "b", "securityContext": {}},
		{"name": "c", "securityContext": {"privileged": false}},
		{"name": "d", "securityContext": {"privileged": null}},
		{"name": "e", "securityContext": null},
	]})
}

test_privileged_containers_of_every_type if {
	findings := privileged.deny with input as pod({
		"initContainers": [{"name": "init", "securityContext": {"privileged": true}}],
		"containers": [{"name": "app"}, {"name": "side", "securityContext": {"privileged": true}}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"privileged": true}}],
	})
	findings == {
		{"msg": "init container \"init\" is privileged", "path": "spec.initContainers[0].securityContext.privileged", "value": true},
		{"msg": "container \"side\" is privileged", "path": "spec.containers[1].securityContext.privileged", "value": true},
		{"msg": "ephemeral container \"debug\" is privileged", "path": "spec.ephemeralContainers[0].securityContext.privileged", "value": true},
	}
}

test_daemonset_path if {
	findings := privileged.deny with input as {
		"apiVersion": "apps/v1",
		"kind": "DaemonSet",
		"metadata": {"name": "agent"},
		"spec": {"template": {"spec": {"containers": [{"name": "agent", "securityContext": {"privileged": true}}]}}},
	}
	findings == {{
		"msg": "container \"agent\" is privileged",
		"path": "spec.template.spec.containers[0].securityContext.privileged",
		"value": true,
	}}
}
