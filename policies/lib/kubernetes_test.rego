package kubeassay.lib.kubernetes_test

import data.kubeassay.lib.kubernetes as k8s

deployment(template) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "w"}, "spec": {"template": template}}

test_security_contexts_pod if {
	k8s.security_contexts == {
		{"owner": "pod", "context": {"runAsUser": 1}, "path": "spec.securityContext"},
		{"owner": "init container \"i\"", "context": {}, "path": "spec.initContainers[0].securityContext"},
		{"owner": "container \"a\"", "context": {"runAsUser": 2}, "path": "spec.containers[0].securityContext"},
		{"owner": "ephemeral container \"e\"", "context": null, "path": "spec.ephemeralContainers[0].securityContext"},
	} with input as {"kind": "Pod", "spec": {
		"securityContext": {"runAsUser": 1},
		"initContainers": [{"name": "i"}],
		"containers": [{"name": "a", "securityContext": {"runAsUser": 2}}],
		"ephemeralContainers": [{"name": "e", "securityContext": null}],
	}}
}

test_security_contexts_deployment if {
	paths := {sc.path | some sc in k8s.security_contexts} with input as deployment({"spec": {"containers": [{"name": "a"}]}})
	paths == {"spec.template.spec.securityContext", "spec.template.spec.containers[0].securityContext"}
}

test_security_contexts_not_a_workload if {
	count(k8s.security_contexts) == 0 with input as {"kind": "ConfigMap", "data": {}}
}

test_user_namespace_pod if {
	k8s.user_namespace_pod with input as {"kind": "Pod", "spec": {"hostUsers": false}}
	k8s.user_namespace_pod with input as deployment({"spec": {"hostUsers": false}})
	not k8s.user_namespace_pod with input as {"kind": "Pod", "spec": {"hostUsers": true}}
	not k8s.user_namespace_pod with input as {"kind": "Pod", "spec": {}}
	not k8s.user_namespace_pod with input as {"kind": "Pod", "spec": {"hostUsers": null}}
}

test_windows_pod if {
	k8s.windows_pod with input as {"kind": "Pod", "spec": {"os": {"name": "windows"}}}
	not k8s.windows_pod with input as {"kind": "Pod", "spec": {"os": {"name": "linux"}}}
	not k8s.windows_pod with input as {"kind": "Pod", "spec": {}}
}

test_annotation_path if {
	k8s.annotation_path("example.com/a") == "metadata.annotations[\"example.com/a\"]" with input as {"kind": "Pod", "spec": {}}
	k8s.annotation_path("example.com/a") == "spec.jobTemplate.spec.template.metadata.annotations[\"example.com/a\"]" with input as {"kind": "CronJob", "spec": {}}
}
