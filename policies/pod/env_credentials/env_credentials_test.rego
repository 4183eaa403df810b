package kubeassay.checks.pod.env_credentials_test

import data.kubeassay.checks.pod.env_credentials as check

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

canary := "CANARY-4f7a-do-not-report"

pem := "-----BEGIN RSA PRIVATE KEY-----\nCANARY-4f7a-do-not-report\n-----END RSA PRIVATE KEY-----\n"

test_literal_credentials_fail_naming_variable_not_value if {
	fs := check.deny with input as pod({
		"initContainers": [{"name": "init", "env": [{"name": "DB_PASSWORD", "value": canary}]}],
		"containers": [{"name": "app", "env": [
			{"name": "LOG_LEVEL", "value": "debug"},
			{"name": "apiKey", "value": canary},
			{"name": "TLS_KEY", "value": pem},
		]}],
	})
	fs == {
		{"msg": `init container "init" sets environment variable "DB_PASSWORD" to a literal value; its name says it is a credential`, "path": "spec.initContainers[0].env[0].value", "value": "REDACTED"},
		{"msg": `container "app" sets environment variable "apiKey" to a literal value; its name says it is a credential`, "path": "spec.containers[0].env[1].value", "value": "REDACTED"},
		{"msg": `container "app" sets environment variable "TLS_KEY" to a PEM private key`, "path": "spec.containers[0].env[2].value", "value": "REDACTED"},
	}
	not contains(json.marshal(fs), "CANARY")
}

test_references_and_non_credentials_pass if {
	count(check.deny) == 0 with input as pod({"containers": [{"name": "app", "env": [
		{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
		{"name": "DB_PASSWORD_FILE", "value": "/etc/db/password"},
		{"name": "TOKEN_URL", "value": "https://auth.example.com/token"},
		{"name": "AWS_ACCESS_KEY_ID", "value": "AKIAEXAMPLE"},
		{"name": "SECRET_NAME", "value": "db"},
		{"name": "REQUIRE_PASSWORD", "value": "true"},
		{"name": "PASSWORD", "value": ""},
		{"name": "ALIAS_TOKEN", "value": "$(GITHUB_TOKEN)"},
		{"name": "MAX_TOKENS", "value": "4096"},
		{"name": "HOME", "value": "/home/app"},
	]}]})
}

test_ephemeral_containers_are_judged if {
	count(check.deny) == 1 with input as pod({"ephemeralContainers": [{"name": "debug", "env": [{"name": "VAULT_TOKEN", "value": canary}]}]})
}

test_malformed_env_is_total if {
	count(check.deny) == 0 with input as pod({"containers": [{"name": "a", "env": null}, {"name": "b", "env": ["x", {"value": canary}, {"name": 3, "value": canary}]}]})
}

test_replication_controller_path if {
	fs := check.deny with input as {
		"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "rc"},
		"spec": {"template": {"spec": {"containers": [{"name": "app", "env": [{"name": "SECRET_KEY", "value": canary}]}]}}},
	}
	[f.path | some f in fs] == ["spec.template.spec.containers[0].env[0].value"]
}

test_numeric_credential_fails if {
	fs := check.deny with input as pod({"containers": [{"name": "db", "env": [{"name": "DB_PASSWORD", "value": 12345678}, {"name": "PORT", "value": 5432}]}]})
	[f.path | some f in fs] == ["spec.containers[0].env[0].value"]
}
