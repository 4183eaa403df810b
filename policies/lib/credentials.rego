# METADATA
# title: Credential name and value helpers
# description: |
#   Says whether the name of an environment variable or of a ConfigMap key looks
#   like it holds a credential, and whether a value is a PEM private key. Used by
#   KA-POD-023 (literal credentials in environment variables) and KA-INV-010
#   (credentials in ConfigMaps). No helper returns or formats a value: findings
#   built on them name the variable or key, never what it holds.
#
#   A name is split into words at every character that is not a letter or a
#   digit and at each lower-to-upper case change (dbPassword is DB PASSWORD,
#   db.password is DB PASSWORD). It looks like a credential when
#     * a word is one of `words` (PASSWORD, PASSWD, PASS, PASSPHRASE, SECRET,
#       SECRETS, TOKEN, CREDENTIAL, CREDENTIALS, CREDS, APIKEY), or
#     * a word contains one of `fragments` (DBPASSWORD, MYAPIKEY, CLIENTSECRET), or
#     * two adjacent words are one of `key_pairs` (API KEY, PRIVATE KEY, ACCESS
#       KEY, SECRET KEY, AUTH KEY, SIGNING KEY, ENCRYPTION KEY, MASTER KEY),
#   and its last word is not one of `not_a_value`: names that end in FILE, PATH,
#   URL, ENDPOINT, NAME, ID, TTL, LENGTH, HEADER, ENABLED, ... hold where a
#   credential is, what it is called, or how it is used, not the credential itself
#   (PASSWORD_FILE, TOKEN_URL, SECRET_NAME, AWS_ACCESS_KEY_ID, TOKEN_TTL).
#   TOKENS (plural) is not a credential word: MAX_TOKENS is a size, not a token.
#   PWD is not either: it is the shell's working directory.
#
#   A value counts as holding something only when it is not empty, not a boolean
#   (true/false, any case: REQUIRE_PASSWORD=true is a switch) and not only a
#   reference to another variable ($(DB_PASSWORD), which Kubernetes expands).
package kubeassay.lib.credentials

words := {
	"PASSWORD", "PASSWORDS", "PASSWD", "PASS", "PASSPHRASE",
	"SECRET", "SECRETS", "TOKEN", "CREDENTIAL", "CREDENTIALS", "CREDS", "APIKEY",
}

fragments := {
	"PASSWORD", "PASSWD", "PASSPHRASE", "APIKEY", "PRIVATEKEY", "ACCESSKEY", "SECRETKEY",
	"CLIENTSECRET", "AUTHTOKEN", "ACCESSTOKEN", "REFRESHTOKEN", "BEARERTOKEN",
}

key_pairs := {"API", "PRIVATE", "ACCESS", "SECRET", "AUTH", "SIGNING", "ENCRYPTION", "MASTER"}

not_a_value := {
	"FILE", "FILES", "PATH", "PATHS", "DIR", "DIRECTORY", "URL", "URLS", "URI", "URIS",
	"ENDPOINT", "HOST", "PORT", "NAME", "NAMES", "REF", "KEYREF", "ID", "IDS", "TYPE",
	"LENGTH", "LEN", "TTL", "EXPIRY", "EXPIRATION", "EXPIRES", "TIMEOUT", "HEADER",
	"FIELD", "MOUNT", "LOCATION", "ENABLED", "DISABLED", "ENABLE", "DISABLE", "REQUIRED",
	"POLICY", "AUDIENCE", "ISSUER", "LIFETIME", "DURATION", "SIZE", "COUNT", "LIMIT",
	"PREFIX", "SUFFIX", "MODE", "FORMAT", "ALGORITHM", "ALG", "PROVIDER", "VERSION",
	"KIND", "NAMESPACE", "SELECTOR", "LABEL", "ROTATION", "INTERVAL", "PERIOD", "MIN", "MAX",
}

# name_words(name) is the upper-case words of name, in order.
name_words(name) := [w |
	some part in regex.split(`[^A-Za-z0-9]+`, regex.replace(name, `([a-z0-9])([A-Z])`, "${1}_${2}"))
	part != ""
	w := upper(part)
]

# hint is what every word, fragment and key pair above contains, in any case:
# a name without it cannot look like a credential, and most names are ruled
# out by this one match instead of being split into words.
hint := `(?i)pass|secret|token|cred|key`

# fragment_pattern matches a word that contains one of the fragments.
fragment_pattern := concat("|", fragments)

# credential_name(name) holds when name looks like it holds a credential.
credential_name(name) if {
	regex.match(hint, name)
	ws := name_words(name)
	count(ws) > 0
	not ws[count(ws) - 1] in not_a_value
	credential_words(ws)
}

credential_words(ws) if {
	some w in ws
	w in words
}

credential_words(ws) if {
	some w in ws
	regex.match(fragment_pattern, w)
}

credential_words(ws) if {
	some i, w in ws
	w in key_pairs
	ws[i + 1] in {"KEY", "KEYS"}
}

# holds_value(v) holds when v is a string that could be a credential: not
# empty, not a boolean, not only a $(VAR) reference; or a number (an
# unquoted PIN or numeric password in YAML, which the API server would refuse
# but a manifest may hold).
holds_value(v) if is_number(v)

holds_value(v) if {
	is_string(v)
	trim_space(v) != ""
	not lower(trim_space(v)) in {"true", "false"}
	not regex.match(`^\$\([A-Za-z_][A-Za-z0-9_.-]*\)$`, trim_space(v))
}

# private_key(v) holds when v holds a PEM private key (RSA, EC, OpenSSH,
# PKCS#8, encrypted, PGP).
private_key(v) if {
	is_string(v)
	regex.match(`-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----`, v)
}

# Redacted stands in a finding's value where the value is a credential.
redacted := "REDACTED"
