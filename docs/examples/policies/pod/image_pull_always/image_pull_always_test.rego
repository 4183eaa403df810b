package kubeassay.checks.acme.pod.image_pull_always_test

import data.kubeassay.checks.acme.pod.image_pull_always as check

pod(containers) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": containers}}

test_always_is_clean if {
	count(check.deny) == 0 with input as pod([{"name": "app", "image": "shop/app:1.4.2", "imagePullPolicy": "Always"}])
}

test_if_not_present_and_never_fail if {
	findings := check.deny with input as pod([
		{"name": "app", "image": "shop/app:1.4.2", "imagePullPolicy": "IfNotPresent"},
		{"name": "side", "image": "shop/side:2", "imagePullPolicy": "Never"},
	])
	findings == {
		{"msg": "container \"app\" has imagePullPolicy IfNotPresent", "path": "spec.containers[0].imagePullPolicy", "value": "IfNotPresent"},
		{"msg": "container \"side\" has imagePullPolicy Never", "path": "spec.containers[1].imagePullPolicy", "value": "Never"},
	}
}

# Left out, the policy is the API server's default for the image.
test_defaults if {
	check.defaulted("shop/app") == "Always"
	check.defaulted("shop/app:latest") == "Always"
	check.defaulted("registry.example:5000/shop/app") == "Always"
	check.defaulted("shop/app:latest@sha256:0123") == "Always"
	check.defaulted("shop/app:1.4.2") == "IfNotPresent"
	check.defaulted("registry.example:5000/shop/app:1.4.2") == "IfNotPresent"
	check.defaulted("shop/app@sha256:0123") == "IfNotPresent"
}

test_default_if_not_present_fails if {
	findings := check.deny with input as pod([{"name": "app", "image": "shop/app:1.4.2"}])
	findings == {{
		"msg": "container \"app\" sets no imagePullPolicy: image shop/app:1.4.2 defaults it to IfNotPresent",
		"path": "spec.containers[0].imagePullPolicy",
		"value": null,
	}}
}

test_default_always_is_clean if {
	count(check.deny) == 0 with input as pod([{"name": "app", "image": "shop/app"}])
	not check.unknown with input as pod([{"name": "app", "image": "shop/app"}])
}

test_every_container_type_and_workload_paths if {
	findings := check.deny with input as {
		"apiVersion": "batch/v1",
		"kind": "CronJob",
		"metadata": {"name": "report"},
		"spec": {"jobTemplate": {"spec": {"template": {"spec": {
			"initContainers": [{"name": "fetch", "image": "shop/fetch:3", "imagePullPolicy": "IfNotPresent"}],
			"containers": [{"name": "report", "image": "shop/report:3", "imagePullPolicy": "Always"}],
		}}}}},
	}
	findings == {{
		"msg": "init container \"fetch\" has imagePullPolicy IfNotPresent",
		"path": "spec.jobTemplate.spec.template.spec.initContainers[0].imagePullPolicy",
		"value": "IfNotPresent",
	}}
}

# No policy and no image: undecided, and no finding claims a default.
test_no_image_is_unknown if {
	i := pod([{"name": "app"}, {"name": "side", "image": "shop/side:2", "imagePullPolicy": "Always"}])
	check.unknown == "container \"app\": no imagePullPolicy, and no image to default it from" with input as i
	count(check.deny) == 0 with input as i
}
