package kubeassay.checks.pod.seccomp_baseline_test

import data.kubeassay.checks.pod.seccomp_baseline

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_unset_and_allowed_types if {
	count(seccomp_baseline.deny) == 0 with input as pod({"containers": [{"name": "a"}]})
	count(seccomp_baseline.deny) == 0 with input as pod({
		"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
		"containers": [
			{"name": "a", "securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "profiles/audit.json"}}},
			{"name": "b", "securityContext": {"seccompProfile": null}},
			{"name": "c", "securityContext": {}},
		],
	})
}

# Since 1.19 the deprecated annotations are not looked at.
test_annotations_ignored if {
	count(seccomp_baseline.deny) == 0 with input as {
		"apiVersion": "v1",
		"kind": "Pod",
		"metadata": {"name": "p", "annotations": {
			"seccomp.security.alpha.kubernetes.io/pod": "unconfined",
			"container.seccomp.security.alpha.kubernetes.io/a": "unconfined",
		}},
		"spec": {"containers": [{"name": "a"}]},
	}
}

test_pod_unconfined if {
	findings := seccomp_baseline.deny with input as pod({
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
	findings := seccomp_baseline.deny with input as pod({
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

test_pod_and_init_and_ephemeral if {
	findings := seccomp_baseline.deny with input as pod({
		"securityContext": {"seccompProfile": {"type": "Unconfined"}},
		"initContainers": [{"name": "init", "securityContext": {"seccompProfile": {"type": "Unconfined"}}}],
		"containers": [{"name": "a"}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"seccompProfile": {}}}],
	})
	findings == {
		{"msg": "pod sets seccomp profile type \"Unconfined\"", "path": "spec.securityContext.seccompProfile.type", "value": "Unconfined"},
		{"msg": "init container \"init\" sets seccomp profile type \"Unconfined\"", "path": "spec.initContainers[0].securityContext.seccompProfile.type", "value": "Unconfined"},
		{"msg": "ephemeral container \"debug\" sets seccomp profile type null", "path": "spec.ephemeralContainers[0].securityContext.seccompProfile.type", "value": null},
	}
}

test_cronjob_path if {
	findings := seccomp_baseline.deny with input as {
		"apiVersion": "batch/v1",
		"kind": "CronJob",
		"metadata": {"name": "backup"},
		"spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "backup", "securityContext": {"seccompProfile": {"type": "Unconfined"}}}]}}}}},
	}
	{f.path | some f in findings} == {"spec.jobTemplate.spec.template.spec.containers[0].securityContext.seccompProfile.type"}
}
