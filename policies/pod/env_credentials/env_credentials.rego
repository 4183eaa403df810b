# METADATA
# title: Credentials written into environment variables
# description: |
#   A password, token or key written as the literal value of an environment
#   variable sits in clear text in the manifest, in the object stored by the API
#   server (readable by anyone who may read the workload) and in every copy of
#   the manifest in version control. The NSA/CISA Kubernetes Hardening Guide
#   asks that credentials live in Secrets, not in pod specifications.
#   Restricted fields: env[*].value of spec.containers, spec.initContainers and
#   spec.ephemeralContainers.
#   A variable fails when its name looks like a credential and its value holds
#   something, or when its value is a PEM private key whatever its name. The
#   rules (policies/lib/credentials.rego): the name's words include PASSWORD,
#   PASSWD, PASS, PASSPHRASE, SECRET, TOKEN, CREDENTIAL(S), CREDS or APIKEY, or
#   a pair such as API KEY, PRIVATE KEY, ACCESS KEY, SECRET KEY, and its last
#   word is not one that names a location, a name or a setting (FILE, PATH, URL,
#   ENDPOINT, NAME, ID, TTL, LENGTH, HEADER, ENABLED, ...), so PASSWORD_FILE,
#   TOKEN_URL and AWS_ACCESS_KEY_ID pass; an empty value, true/false and a
#   $(VAR) reference hold nothing. A name that does not look like a credential
#   is not judged, so this finds the common cases, not every credential.
#   Findings name the container and the variable; the value is never part of a
#   finding.
# related_resources:
#   - ref: https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF
#     description: NSA/CISA Kubernetes Hardening Guide v1.2, Authentication and authorization (credentials in Secrets)
#   - ref: https://kubernetes.io/docs/concepts/configuration/secret/
#     description: Kubernetes documentation, Secrets
# custom:
#   id: KA-POD-023
#   severity: high
#   subject: pod
#   remediation: |
#     Move the credential into a Secret, mount it as a file (or, failing that,
#     read it with valueFrom.secretKeyRef), remove the literal value from the
#     manifest and its history, and rotate the credential: it has been exposed
#     to everyone who could read the workload.
package kubeassay.checks.pod.env_credentials

import data.kubeassay.lib.credentials as cred
import data.kubeassay.lib.kubernetes as k8s

env(c) := l if {
	l := object.get(c.container, "env", [])
	is_array(l)
} else := []

deny contains k8s.finding(msg, path, cred.redacted) if {
	some c in k8s.containers
	some i, e in env(c)
	is_object(e)
	name := object.get(e, "name", "")
	is_string(name)
	value := object.get(e, "value", null)
	why := reason(name, value)
	msg := sprintf("%s sets environment variable %q to %s", [k8s.label(c), name, why])
	path := sprintf("%s.env[%d].value", [c.path, i])
}

reason(name, value) := "a PEM private key" if cred.private_key(value)

else := "a literal value; its name says it is a credential" if {
	cred.credential_name(name)
	cred.holds_value(value)
}
