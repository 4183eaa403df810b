package kubeassay.checks.pod.apparmor_test

import data.kubeassay.checks.pod.apparmor

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

annotated(annotations, spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "annotations": annotations}, "spec": spec}

prefix := "container.apparmor.security.beta.kubernetes.io/"

test_allowed_annotations if {
	count(apparmor.deny) == 0 with input as annotated(
		{
			concat("", [prefix, "a"]): "runtime/default",
			concat("", [prefix, "b"]): "localhost/sec-profile01",
			concat("", [prefix, "c"]): "",
			concat("", [prefix, "d"]): "localhost/",
			"env": "prod",
			"seccomp.security.alpha.kubernetes.io/pod": "unconfined",
		},
		{"containers": [{"name": "a"}]},
	)
}

test_no_annotations_allowed if {
	count(apparmor.deny) == 0 with input as pod({"containers": [{"name": "a"}]})
	count(apparmor.deny) == 0 with input as {"kind": "Pod", "metadata": {"annotations": null}, "spec": {"containers": [{"name": "a"}]}}
}

test_allowed_profile_types if {
	count(apparmor.deny) == 0 with input as pod({
		"securityContext": {"appArmorProfile": {"type": "RuntimeDefault"}},
		"containers": [
			{"name": "a", "securityContext": {"appArmorProfile": {"type": "Localhost", "localhostProfile": "k8s-nginx"}}},
			{"name": "b", "securityContext": {"appArmorProfile": null}},
			{"name": "c"},
		],
	})
}

test_unconfined_pod if {
	findings := apparmor.deny with input as pod({
		"securityContext": {"appArmorProfile": {"type": "Unconfined"}},
		"containers": [{"name": "a"}],
	})
	findings == {{
		"msg": "pod sets AppArmor profile type \"Unconfined\"",
		"path": "spec.securityContext.appArmorProfile.type",
		"value": "Unconfined",
	}}
}

test_unconfined_containers_of_every_type if {
	findings := apparmor.deny with input as pod({
		"securityContext": {"appArmorProfile": {"type": "RuntimeDefault"}},
		"initContainers": [{"name": "bar", "securityContext": {"appArmorProfile": {"type": "Unconfined"}}}],
		"containers": [{"name": "foo", "securityContext": {"appArmorProfile": {"type": "Unconfined"}}}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"appArmorProfile": {"type": "Unconfined"}}}],
	})
	{f.path | some f in findings} == {
		"spec.initContainers[0].securityContext.appArmorProfile.type",
		"spec.containers[0].securityContext.appArmorProfile.type",
		"spec.ephemeralContainers[0].securityContext.appArmorProfile.type",
	}
}

test_profile_without_type if {
	findings := apparmor.deny with input as pod({"containers": [{"name": "a", "securityContext": {"appArmorProfile": {}}}]})
	findings == {{
		"msg": "container \"a\" sets AppArmor profile type null",
		"path": "spec.containers[0].securityContext.appArmorProfile.type",
		"value": null,
	}}
}

# Every annotation with the prefix counts, whether or not it names a container.
test_forbidden_annotations if {
	findings := apparmor.deny with input as annotated(
		{
			prefix: "bogus",
			concat("", [prefix, "a"]): "",
			concat("", [prefix, "b"]): "runtime/default",
			concat("", [prefix, "c"]): "localhost/",
			concat("", [prefix, "d"]): "localhost/foo",
			concat("", [prefix, "e"]): "unconfined",
			concat("", [prefix, "f"]): "unknown",
		},
		{"containers": [{"name": "a"}]},
	)
	findings == {
		{
			"msg": "annotation \"container.apparmor.security.beta.kubernetes.io/\" sets AppArmor profile \"bogus\"",
			"path": "metadata.annotations[\"container.apparmor.security.beta.kubernetes.io/\"]",
			"value": "bogus",
		},
		{
			"msg": "annotation \"container.apparmor.security.beta.kubernetes.io/e\" sets AppArmor profile \"unconfined\"",
			"path": "metadata.annotations[\"container.apparmor.security.beta.kubernetes.io/e\"]",
			"value": "unconfined",
		},
		{
			"msg": "annotation \"container.apparmor.security.beta.kubernetes.io/f\" sets AppArmor profile \"unknown\"",
			"path": "metadata.annotations[\"container.apparmor.security.beta.kubernetes.io/f\"]",
			"value": "unknown",
		},
	}
}

test_deployment_paths if {
	findings := apparmor.deny with input as {
		"apiVersion": "apps/v1",
		"kind": "Deployment",
		"metadata": {"name": "w", "annotations": {concat("", [prefix, "ignored"]): "unconfined"}},
		"spec": {"template": {
			"metadata": {"annotations": {concat("", [prefix, "web"]): "unconfined"}},
			"spec": {
				"securityContext": {"appArmorProfile": {"type": "Unconfined"}},
				"containers": [{"name": "web"}],
			},
		}},
	}
	{f.path | some f in findings} == {
		"spec.template.metadata.annotations[\"container.apparmor.security.beta.kubernetes.io/web\"]",
		"spec.template.spec.securityContext.appArmorProfile.type",
	}
}
