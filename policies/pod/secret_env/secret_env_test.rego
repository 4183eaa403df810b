package kubeassay.checks.pod.secret_env_test

import data.kubeassay.checks.pod.secret_env as check

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_secret_volume_and_configmap_env_pass if {
	count(check.deny) == 0 with input as pod({
		"containers": [{
			"name": "app",
			"env": [
				{"name": "MODE", "value": "prod"},
				{"name": "LEVEL", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "level"}}},
				{"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
			],
			"envFrom": [{"configMapRef": {"name": "cfg"}}],
			"volumeMounts": [{"name": "creds", "mountPath": "/etc/creds"}],
		}],
		"volumes": [{"name": "creds", "secret": {"secretName": "db"}}],
	})
}

test_secret_key_ref_names_container_variable_and_secret if {
	fs := check.deny with input as pod({
		"initContainers": [{"name": "migrate", "env": [{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}]}],
		"containers": [{"name": "app", "env": [{"name": "A", "value": "x"}, {"name": "TOKEN", "valueFrom": {"secretKeyRef": {"name": "api", "key": "token", "optional": true}}}]}],
	})
	fs == {
		{"msg": `init container "migrate" reads key "password" of Secret "db" into environment variable "DB_PASSWORD"`, "path": "spec.initContainers[0].env[0].valueFrom.secretKeyRef", "value": "db"},
		{"msg": `container "app" reads key "token" of Secret "api" into environment variable "TOKEN"`, "path": "spec.containers[0].env[1].valueFrom.secretKeyRef", "value": "api"},
	}
}

test_env_from_secret_ref if {
	fs := check.deny with input as pod({"ephemeralContainers": [{"name": "debug", "envFrom": [{"configMapRef": {"name": "c"}}, {"secretRef": {"name": "all"}, "prefix": "S_"}]}]})
	fs == {{"msg": `ephemeral container "debug" loads every key of Secret "all" into its environment (prefix "S_")`, "path": "spec.ephemeralContainers[0].envFrom[1].secretRef", "value": "all"}}
}

test_malformed_env_is_total if {
	count(check.deny) == 0 with input as pod({"containers": [{"name": "a", "env": null, "envFrom": "x"}, {"name": "b", "env": [{"name": "X", "valueFrom": null}]}]})
}

test_statefulset_path if {
	fs := check.deny with input as {
		"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "s"},
		"spec": {"template": {"spec": {"containers": [{"name": "db", "envFrom": [{"secretRef": {"name": "pg"}}]}]}}},
	}
	some f in fs
	f.path == "spec.template.spec.containers[0].envFrom[0].secretRef"
}
