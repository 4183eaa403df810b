package kubeassay.lib.credentials_test

import data.kubeassay.lib.credentials as cred

test_name_words if {
	cred.name_words("dbPassword") == ["DB", "PASSWORD"]
	cred.name_words("db.password") == ["DB", "PASSWORD"]
	cred.name_words("MYSQL_ROOT_PASSWORD") == ["MYSQL", "ROOT", "PASSWORD"]
	cred.name_words("APIKey") == ["APIKEY"]
	cred.name_words("--x--") == ["X"]
	cred.name_words("") == []
}

test_credential_names if {
	every n in [
		"PASSWORD", "DB_PASSWORD", "MYSQL_ROOT_PASSWORD", "dbPassword", "db.password", "DBPASSWORD",
		"REDIS_PASS", "SMTP_PASSWD", "SSH_PASSPHRASE", "JWT_SECRET", "CLIENT_SECRET",
		"clientSecret", "GITHUB_TOKEN", "VAULT_TOKEN", "authToken", "API_KEY", "apiKey",
		"STRIPE_APIKEY", "MYAPIKEY", "PRIVATE_KEY", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY",
		"GOOGLE_APPLICATION_CREDENTIALS_JSON", "DB_CREDS", "SECRET_KEY_BASE", "SIGNING_KEY",
		"ENCRYPTION_KEY", "password.txt", "credentials",
	] {
		cred.credential_name(n)
	}
}

test_names_that_are_not_credentials if {
	every n in [
		"PASSWORD_FILE", "DB_PASSWORD_FILE", "TOKEN_URL", "OAUTH_TOKEN_ENDPOINT",
		"SECRET_NAME", "TLS_SECRET_REF", "AWS_ACCESS_KEY_ID", "TOKEN_TTL", "PASSWORD_MIN_LENGTH",
		"CSRF_TOKEN_HEADER", "SECRETS_DIR", "CREDENTIALS_PATH", "MAX_TOKENS", "PWD",
		"HOME", "DATABASE_HOST", "LOG_LEVEL", "KEY", "MONKEY", "TOKENIZER_MODEL",
		"PASSWORD_REQUIRED", "API_KEY_HEADER", "SECRETARY_EMAIL", "requestheader-client-ca-file",
		"ca.crt", "",
	] {
		not cred.credential_name(n)
	}
}

test_holds_value if {
	cred.holds_value("hunter2")
	cred.holds_value("$(A)-suffix")
	not cred.holds_value("")
	not cred.holds_value("   ")
	not cred.holds_value("true")
	not cred.holds_value("False")
	not cred.holds_value("$(DB_PASSWORD)")
	not cred.holds_value(null)
	cred.holds_value(42) # an unquoted numeric password
	not cred.holds_value(true)
}

test_private_key if {
	cred.private_key("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n")
	cred.private_key("x\n-----BEGIN RSA PRIVATE KEY-----\n")
	cred.private_key("-----BEGIN OPENSSH PRIVATE KEY-----")
	cred.private_key("-----BEGIN ENCRYPTED PRIVATE KEY-----")
	cred.private_key("-----BEGIN PGP PRIVATE KEY BLOCK-----")
	not cred.private_key("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
	not cred.private_key("-----BEGIN PUBLIC KEY-----")
	not cred.private_key(null)
}

test_hint_is_in_every_credential_word if {
	every w in cred.words | cred.fragments {
		regex.match(cred.hint, w)
		regex.match(cred.hint, lower(w))
	}
	every p in cred.key_pairs {
		regex.match(cred.hint, concat("_", [p, "key"]))
	}
}

test_fragment_pattern_matches_each_fragment_inside_a_word if {
	every f in cred.fragments {
		regex.match(cred.fragment_pattern, concat("", ["MY", f, "X"]))
	}
	not regex.match(cred.fragment_pattern, "PASSWORK")
}
