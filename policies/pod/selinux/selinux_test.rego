package kubeassay.checks.pod.selinux_test

import data.kubeassay.checks.pod.selinux

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_allowed if {
	count(selinux.deny) == 0 with input as pod({
		"securityContext": {"seLinuxOptions": {"level": "s0:c123,c456"}},
		"containers": [
			{"name": "a", "securityContext": {"seLinuxOptions": {"type": "container_t"}}},
			{"name": "b", "securityContext": {"seLinuxOptions": {"type": "container_init_t"}}},
			{"name": "c", "securityContext": {"seLinuxOptions": {"type": "container_kvm_t"}}},
			{"name": "d", "securityContext": {"seLinuxOptions": {"type": "container_engine_t"}}},
			{"name": "e", "securityContext": {"seLinuxOptions": {"type": "", "user": "", "role": ""}}},
			{"name": "f", "securityContext": {"seLinuxOptions": {}}},
			{"name": "g", "securityContext": {"seLinuxOptions": null}},
			{"name": "h"},
		],
	})
}

test_invalid_pod_and_containers if {
	findings := selinux.deny with input as pod({
		"securityContext": {"seLinuxOptions": {"type": "foo", "user": "bar", "role": "baz"}},
		"containers": [
			{"name": "a", "securityContext": {"seLinuxOptions": {"type": "container_t"}}},
			{"name": "e", "securityContext": {"seLinuxOptions": {"type": "bar"}}},
			{"name": "f", "securityContext": {"seLinuxOptions": {"user": "bar"}}},
			{"name": "g", "securityContext": {"seLinuxOptions": {"role": "baz"}}},
		],
	})
	findings == {
		{"msg": "pod sets SELinux type \"foo\"", "path": "spec.securityContext.seLinuxOptions.type", "value": "foo"},
		{"msg": "pod sets SELinux user \"bar\"", "path": "spec.securityContext.seLinuxOptions.user", "value": "bar"},
		{"msg": "pod sets SELinux role \"baz\"", "path": "spec.securityContext.seLinuxOptions.role", "value": "baz"},
		{"msg": "container \"e\" sets SELinux type \"bar\"", "path": "spec.containers[1].securityContext.seLinuxOptions.type", "value": "bar"},
		{"msg": "container \"f\" sets SELinux user \"bar\"", "path": "spec.containers[2].securityContext.seLinuxOptions.user", "value": "bar"},
		{"msg": "container \"g\" sets SELinux role \"baz\"", "path": "spec.containers[3].securityContext.seLinuxOptions.role", "value": "baz"},
	}
}

test_init_and_ephemeral_containers if {
	findings := selinux.deny with input as pod({
		"initContainers": [{"name": "init", "securityContext": {"seLinuxOptions": {"type": "spc_t"}}}],
		"containers": [{"name": "a"}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"seLinuxOptions": {"user": "system_u"}}}],
	})
	{f.path | some f in findings} == {
		"spec.initContainers[0].securityContext.seLinuxOptions.type",
		"spec.ephemeralContainers[0].securityContext.seLinuxOptions.user",
	}
}

test_job_path if {
	findings := selinux.deny with input as {
		"apiVersion": "batch/v1",
		"kind": "Job",
		"metadata": {"name": "j"},
		"spec": {"template": {"spec": {
			"securityContext": {"seLinuxOptions": {"type": "spc_t"}},
			"containers": [{"name": "a"}],
		}}},
	}
	findings == {{
		"msg": "pod sets SELinux type \"spc_t\"",
		"path": "spec.template.spec.securityContext.seLinuxOptions.type",
		"value": "spc_t",
	}}
}
