package kubeassay.checks.pod.capabilities_restricted_test

import data.kubeassay.checks.pod.capabilities_restricted

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_drop_all_allowed if {
	count(capabilities_restricted.deny) == 0 with input as pod({
		"initContainers": [{"name": "init", "securityContext": {"capabilities": {"drop": ["ALL"]}}}],
		"containers": [
			{"name": "a", "securityContext": {"capabilities": {"drop": ["ALL"]}}},
			{"name": "b", "securityContext": {"capabilities": {"drop": ["NET_RAW", "ALL"], "add": ["NET_BIND_SERVICE"]}}},
			{"name": "c", "securityContext": {"capabilities": {"drop": ["ALL"], "add": []}}},
		],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"capabilities": {"drop": ["ALL"]}}}],
	})
}

test_multiple_containers if {
	findings := capabilities_restricted.deny with input as pod({"containers": [
		{"name": "a", "securityContext": {"capabilities": {"add": ["FOO", "BAR"]}}},
		{"name": "b", "securityContext": {"capabilities": {"add": ["BAR", "BAZ"]}}},
		{"name": "c", "securityContext": {"capabilities": {"add": ["NET_BIND_SERVICE", "CHOWN"], "drop": ["ALL", "FOO"]}}},
	]})
	findings == {
		{"msg": "container \"a\" does not drop ALL capabilities", "path": "spec.containers[0].securityContext.capabilities.drop", "value": null},
		{"msg": "container \"b\" does not drop ALL capabilities", "path": "spec.containers[1].securityContext.capabilities.drop", "value": null},
		{"msg": "container \"a\" adds capability \"FOO\"", "path": "spec.containers[0].securityContext.capabilities.add[0]", "value": "FOO"},
		{"msg": "container \"a\" adds capability \"BAR\"", "path": "spec.containers[0].securityContext.capabilities.add[1]", "value": "BAR"},
		{"msg": "container \"b\" adds capability \"BAR\"", "path": "spec.containers[1].securityContext.capabilities.add[0]", "value": "BAR"},
		{"msg": "container \"b\" adds capability \"BAZ\"", "path": "spec.containers[1].securityContext.capabilities.add[1]", "value": "BAZ"},
		{"msg": "container \"c\" adds capability \"CHOWN\"", "path": "spec.containers[2].securityContext.capabilities.add[1]", "value": "CHOWN"},
	}
}

test_no_security_context if {
	findings := capabilities_restricted.deny with input as pod({"containers": [
		{"name": "a"},
		{"name": "b", "securityContext": null},
		{"name": "c", "securityContext": {"capabilities": null}},
	]})
	{f.path | some f in findings} == {
		"spec.containers[0].securityContext.capabilities.drop",
		"spec.containers[1].securityContext.capabilities.drop",
		"spec.containers[2].securityContext.capabilities.drop",
	}
}

# The drop list is kept as the value when it lacks ALL; "all" does not count.
test_drop_without_all if {
	findings := capabilities_restricted.deny with input as pod({"containers": [{"name": "a", "securityContext": {"capabilities": {"drop": ["NET_RAW", "all"]}}}]})
	findings == {{
		"msg": "container \"a\" does not drop ALL capabilities",
		"path": "spec.containers[0].securityContext.capabilities.drop",
		"value": ["NET_RAW", "all"],
	}}
}

test_init_and_ephemeral_containers if {
	findings := capabilities_restricted.deny with input as pod({
		"initContainers": [{"name": "init", "securityContext": {"capabilities": {"drop": ["ALL"], "add": ["CHOWN"]}}}],
		"containers": [{"name": "a", "securityContext": {"capabilities": {"drop": ["ALL"]}}}],
		"ephemeralContainers": [{"name": "debug"}],
	})
	{f.path | some f in findings} == {
		"spec.initContainers[0].securityContext.capabilities.add[0]",
		"spec.ephemeralContainers[0].securityContext.capabilities.drop",
	}
}

test_windows_pod_exempt if {
	count(capabilities_restricted.deny) == 0 with input as pod({"os": {"name": "windows"}, "containers": [{"name": "a"}]})
}

test_linux_pod_not_exempt if {
	count(capabilities_restricted.deny) == 1 with input as pod({"os": {"name": "linux"}, "containers": [{"name": "a"}]})
}

test_statefulset_path if {
	findings := capabilities_restricted.deny with input as {
		"apiVersion": "apps/v1",
		"kind": "StatefulSet",
		"metadata": {"name": "db"},
		"spec": {"template": {"spec": {"containers": [{"name": "db", "securityContext": {"capabilities": {"drop": ["ALL"], "add": ["IPC_LOCK"]}}}]}}},
	}
	findings == {{
		"msg": "container \"db\" adds capability \"IPC_LOCK\"",
		"path": "spec.template.spec.containers[0].securityContext.capabilities.add[0]",
		"value": "IPC_LOCK",
	}}
}
