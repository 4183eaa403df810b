package kubeassay.checks.inventory.configmap_credentials_test

import data.kubeassay.checks.inventory.configmap_credentials as check

cm(d, binary) := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app", "namespace": "shop"}, "data": d, "binaryData": binary}

canary := "CANARY-91c3-never-in-a-finding"

pem := concat("\n", ["-----BEGIN EC PRIVATE KEY-----", canary, "-----END EC PRIVATE KEY-----", ""])

test_credential_keys_and_private_keys_fail_without_their_values if {
	fs := check.deny with input as cm(
		{"db.password": canary, "log-level": "info", "tls.key": pem, "apiKey": canary},
		{"signing.bin": base64.encode(pem), "logo.png": base64.encode(canary)},
	)
	fs == {
		{"msg": `ConfigMap "app" key "db.password" holds a value, and its name says it is a credential`, "path": `data["db.password"]`, "value": "REDACTED"},
		{"msg": `ConfigMap "app" key "tls.key" holds a PEM private key`, "path": `data["tls.key"]`, "value": "REDACTED"},
		{"msg": `ConfigMap "app" key "apiKey" holds a value, and its name says it is a credential`, "path": `data["apiKey"]`, "value": "REDACTED"},
		{"msg": `ConfigMap "app" binary key "signing.bin" holds a PEM private key`, "path": `binaryData["signing.bin"]`, "value": "REDACTED"},
	}

	# No part of a value reaches a finding's message, path or value.
	not contains(json.marshal(fs), "CANARY")
	not contains(json.marshal(fs), "BEGIN")
}

test_ordinary_configuration_passes if {
	i := cm(
		{
			"ca.crt": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
			"password-file": "/etc/secret/password",
			"token_url": "https://auth.example.com/token",
			"PASSWORD": "",
			"auth.password.required": "true",
			"nginx.conf": "server { listen 80; }",
		},
		{"blob": "not base64 %%%"},
	)
	count(check.deny) == 0 with input as i
	not check.skip with input as i
}

test_credential_named_binary_key_fails if {
	fs := check.deny with input as cm({}, {"keystore-password": base64.encode(canary)})
	[f.path | some f in fs] == [`binaryData["keystore-password"]`]
}

test_raw_private_key_in_binary_data_fails if {
	pem := "-----BEGIN RSA PRIVATE KEY-----\nMIIEow==\n-----END RSA PRIVATE KEY-----\n"
	fs := check.deny with input as cm({}, {"id_rsa": pem})
	[f.msg | some f in fs] == [`ConfigMap "app" binary key "id_rsa" holds a PEM private key`]
}

test_numeric_credential_fails if {
	fs := check.deny with input as cm({"DB_PASSWORD": 12345678, "REPLICAS": 3}, {})
	[f.path | some f in fs] == [`data["DB_PASSWORD"]`]
}

test_empty_config_map_is_skipped if {
	check.skip == "the ConfigMap holds no data" with input as {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "empty"}}
	check.skip with input as cm(null, {})
}
