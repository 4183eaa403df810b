package kubeassay.checks.pod.proc_mount_restricted_test

import data.kubeassay.checks.pod.proc_mount_restricted

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

containers := [
	{"name": "a", "securityContext": null},
	{"name": "b", "securityContext": {}},
	{"name": "c", "securityContext": {"procMount": "Default"}},
	{"name": "d", "securityContext": {"procMount": "Unmasked"}},
	{"name": "e", "securityContext": {"procMount": "other"}},
]

expected := {
	{"msg": "container \"d\" sets procMount \"Unmasked\"", "path": "spec.containers[3].securityContext.procMount", "value": "Unmasked"},
	{"msg": "container \"e\" sets procMount \"other\"", "path": "spec.containers[4].securityContext.procMount", "value": "other"},
}

# Unlike the baseline rule, hostUsers does not matter.
test_any_host_users if {
	proc_mount_restricted.deny == expected with input as pod({"containers": containers})
	proc_mount_restricted.deny == expected with input as pod({"hostUsers": true, "containers": containers})
	proc_mount_restricted.deny == expected with input as pod({"hostUsers": false, "containers": containers})
}

test_default_allowed if {
	count(proc_mount_restricted.deny) == 0 with input as pod({"containers": [
		{"name": "a"},
		{"name": "b", "securityContext": {"procMount": "Default"}},
		{"name": "c", "securityContext": {"procMount": null}},
	]})
}

test_init_and_ephemeral_containers if {
	findings := proc_mount_restricted.deny with input as pod({
		"hostUsers": false,
		"initContainers": [{"name": "init", "securityContext": {"procMount": "Unmasked"}}],
		"containers": [{"name": "a"}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"procMount": "Unmasked"}}],
	})
	{f.path | some f in findings} == {
		"spec.initContainers[0].securityContext.procMount",
		"spec.ephemeralContainers[0].securityContext.procMount",
	}
}

test_deployment_path if {
	findings := proc_mount_restricted.deny with input as {
		"apiVersion": "apps/v1",
		"kind": "Deployment",
		"metadata": {"name": "builder"},
		"spec": {"template": {"spec": {"hostUsers": false, "containers": [{"name": "buildkit", "securityContext": {"procMount": "Unmasked"}}]}}},
	}
	findings == {{
		"msg": "container \"buildkit\" sets procMount \"Unmasked\"",
		"path": "spec.template.spec.containers[0].securityContext.procMount",
		"value": "Unmasked",
	}}
}
