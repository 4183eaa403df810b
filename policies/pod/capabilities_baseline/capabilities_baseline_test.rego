package kubeassay.checks.pod.capabilities_baseline_test

import data.kubeassay.checks.pod.capabilities_baseline

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_default_set_allowed if {
	count(capabilities_baseline.deny) == 0 with input as pod({"containers": [
		{"name": "a"},
		{"name": "b", "securityContext": {"capabilities": {"drop": ["ALL"]}}},
		{"name": "c", "securityContext": {"capabilities": {"add": [
			"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
			"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
		]}}},
		{"name": "d", "securityContext": {"capabilities": {"add": []}}},
		{"name": "e", "securityContext": {"capabilities": {"add": null}}},
		{"name": "f", "securityContext": {"capabilities": null}},
	]})
}

test_non_default_capability if {
	findings := capabilities_baseline.deny with input as pod({"containers": [{
		"name": "a",
		"securityContext": {"capabilities": {"add": ["CHOWN", "NET_RAW"]}},
	}]})
	findings == {{
		"msg": "container \"a\" adds capability \"NET_RAW\", outside the default set",
		"path": "spec.containers[0].securityContext.capabilities.add[1]",
		"value": "NET_RAW",
	}}
}

# Names are compared exactly, as Pod Security Admission does.
test_spelling_is_exact if {
	findings := capabilities_baseline.deny with input as pod({"containers": [{
		"name": "a",
		"securityContext": {"capabilities": {"add": ["CAP_CHOWN", "chown", "ALL"]}},
	}]})
	{f.value | some f in findings} == {"CAP_CHOWN", "chown", "ALL"}
}

test_containers_of_every_type if {
	findings := capabilities_baseline.deny with input as pod({
		"initContainers": [{"name": "init", "securityContext": {"capabilities": {"add": ["SYS_ADMIN"]}}}],
		"containers": [{"name": "app", "securityContext": {"capabilities": {"add": ["SYS_PTRACE"]}}}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"capabilities": {"add": ["SYS_PTRACE"]}}}],
	})
	{f.path | some f in findings} == {
		"spec.initContainers[0].securityContext.capabilities.add[0]",
		"spec.containers[0].securityContext.capabilities.add[0]",
		"spec.ephemeralContainers[0].securityContext.capabilities.add[0]",
	}
}

test_deployment_path if {
	findings := capabilities_baseline.deny with input as {
		"apiVersion": "apps/v1",
		"kind": "Deployment",
		"metadata": {"name": "w"},
		"spec": {"template": {"spec": {"containers": [
			{"name": "web"},
			{"name": "vpn", "securityContext": {"capabilities": {"add": ["NET_BIND_SERVICE", "NET_ADMIN"]}}},
		]}}},
	}
	findings == {{
		"msg": "container \"vpn\" adds capability \"NET_ADMIN\", outside the default set",
		"path": "spec.template.spec.containers[1].securityContext.capabilities.add[1]",
		"value": "NET_ADMIN",
	}}
}
