package kubeassay.checks.pod.seccomp_restricted_test

import data.kubeassay.checks.pod.seccomp_restricted

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_pod_level_allowed if {
	count(seccomp_restricted.deny) == 0 with input as pod({
		"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
		"initContainers": [{"name": "init"}],
		"containers": [{"name": "a"}, {"name": "b", "securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}}}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {}}],
	})
}

test_container_level_allowed if {
	count(seccomp_restricted.deny) == 0 with input as pod({"containers": [
		{"name": "a", "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}},
		{"name": "b", "securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}}},
	]})
}

test_no_explicit_seccomp if {
	findings := seccomp_restricted.deny with input as pod({"containers": [{"name": "a"}]})
	findings == {{
		"msg": "container \"a\" sets no seccomp profile, nor does the pod",
		"path": "spec.containers[0].securityContext.seccompProfile.type",
		"value": null,
	}}
}

test_windows_pod_exempt if {
	count(seccomp_restricted.deny) == 0 with input as pod({"os": {"name": "windows"}, "containers": [{"name": "a"}]})
}

test_linux_pod_not_exempt if {
	count(seccomp_restricted.deny) == 1 with input as pod({"os": {"name": "linux"}, "containers": [{"name": "a"}]})
}

test_pod_unconfined if {
	findings := seccomp_restricted.deny with input as pod({
		"securityContext": {"seccompProfile": {"type": "Unconfined"}},
		"containers": [{"name": "a", "securityContext": null}],
	})
	findings == {{
		"msg": "pod sets seccomp profile type \"Unconfined\"",
		"path": "spec.securityContext.seccompProfile.type",
		"value": "Unconfined",
	}}
}

test_containers_unconfined if {
	findings := seccomp_restricted.deny with input as pod({
		"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
		"containers": [
			{"name": "a", "securityContext": null},
			{"name": "b", "securityContext": {}},
			{"name": "c", "securityContext": {"seccompProfile": {"type": "Unconfined"}}},
			{"name": "d", "securityContext": {"seccompProfile": {"type": "Unconfined"}}},
			{"name": "e", "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}},
		],
	})
	{f.path | some f in findings} == {
		"spec.containers[2].securityContext.seccompProfile.type",
		"spec.containers[3].securityContext.seccompProfile.type",
	}
}

test_pod_unset_container_fallthrough if {
	findings := seccomp_restricted.deny with input as pod({
		"initContainers": [{"name": "init"}],
		"containers": [
			{"name": "a", "securityContext": null},
			{"name": "b", "securityContext": {"seccompProfile": null}},
			{"name": "d", "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}},
		],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"seccompProfile": {}}}],
	})
	findings == {
		{"msg": "init container \"init\" sets no seccomp profile, nor does the pod", "path": "spec.initContainers[0].securityContext.seccompProfile.type", "value": null},
		{"msg": "container \"a\" sets no seccomp profile, nor does the pod", "path": "spec.containers[0].securityContext.seccompProfile.type", "value": null},
		{"msg": "container \"b\" sets no seccomp profile, nor does the pod", "path": "spec.containers[1].securityContext.seccompProfile.type", "value": null},
		{"msg": "ephemeral container \"debug\" sets seccomp profile type null", "path": "spec.ephemeralContainers[0].securityContext.seccompProfile.type", "value": null},
	}
}

# The deprecated annotations count for nothing.
test_annotations_ignored if {
	findings := seccomp_restricted.deny with input as {
		"apiVersion": "v1",
		"kind": "Pod",
		"metadata": {"name": "p", "annotations": {"seccomp.security.alpha.kubernetes.io/pod": "runtime/default"}},
		"spec": {"containers": [{"name": "a"}]},
	}
	count(findings) == 1
}

test_deployment_path if {
	findings := seccomp_restricted.deny with input as {
		"apiVersion": "apps/v1",
		"kind": "Deployment",
		"metadata": {"name": "w"},
		"spec": {"template": {"spec": {"containers": [{"name": "web"}]}}},
	}
	{f.path | some f in findings} == {"spec.template.spec.containers[0].securityContext.seccompProfile.type"}
}
