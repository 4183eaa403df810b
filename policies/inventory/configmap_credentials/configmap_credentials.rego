# METADATA
# title: Credentials kept in ConfigMaps
# description: |
#   A ConfigMap is not meant for secrets: it is readable by every subject that
#   may read the namespace's configuration, is shown in clear text by kubectl and
#   dashboards, and is not encrypted at rest even where Secrets are. The NSA/CISA
#   Kubernetes Hardening Guide asks that credentials be kept in Secrets.
#   Restricted fields: data and binaryData of each ConfigMap.
#   A key fails when its name looks like a credential and its value holds
#   something (the name rules of KA-POD-023, policies/lib/credentials.rego: a
#   key db.password or API_KEY with a value fails, password.file or token-url
#   does not), and any key whose value (decoded, for binaryData) holds a PEM
#   private key fails whatever its name. Certificates and public keys pass.
#   Configuration files kept under one key (application.properties holding a
#   password line) are not parsed: only key names and private keys are found.
#
#   Each ConfigMap is judged on its own as it is read, so no ConfigMap is kept
#   for the rest of the scan; findings name the ConfigMap and the key, and never
#   carry any part of a value. A ConfigMap with neither data nor binaryData has
#   nothing to judge (skipped). Reading ConfigMaps from a cluster needs list
#   permission on configmaps in every namespace scanned.
# related_resources:
#   - ref: https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF
#     description: NSA/CISA Kubernetes Hardening Guide v1.2, Authentication and authorization (credentials in Secrets)
#   - ref: https://kubernetes.io/docs/concepts/configuration/configmap/
#     description: Kubernetes documentation, ConfigMaps
# custom:
#   id: KA-INV-010
#   severity: high
#   subject: object
#   kinds: [ConfigMap]
#   remediation: |
#     Move each credential into a Secret in the same namespace, change the
#     workloads to read it from there (a secret volume, or secretKeyRef), delete
#     the key from the ConfigMap and rotate the credential: it has been readable
#     by everyone who could read the ConfigMap.
package kubeassay.checks.inventory.configmap_credentials

import data.kubeassay.lib.credentials as cred
import data.kubeassay.lib.kubernetes as k8s

entries(field) := m if {
	m := object.get(input, field, {})
	is_object(m)
} else := {}

skip := "the ConfigMap holds no data" if {
	count(entries("data")) == 0
	count(entries("binaryData")) == 0
}

# decoded(v) is a binaryData value decoded; a value that is not base64 (the
# API server would refuse it, a manifest may hold one) is judged as it is, so
# a raw PEM key there is found too.
decoded(v) := base64.decode(v) if {
	is_string(v)
	base64.is_valid(v)
} else := v

deny contains k8s.finding(msg, path, cred.redacted) if {
	some key, value in entries("data")
	why := reason(key, value)
	msg := sprintf("ConfigMap %q key %q holds %s", [name, key, why])
	path := sprintf("data[%q]", [key])
}

deny contains k8s.finding(msg, path, cred.redacted) if {
	some key, value in entries("binaryData")
	why := reason(key, decoded(value))
	msg := sprintf("ConfigMap %q binary key %q holds %s", [name, key, why])
	path := sprintf("binaryData[%q]", [key])
}

name := object.get(input, ["metadata", "name"], "")

reason(key, value) := "a PEM private key" if cred.private_key(value)

else := "a value, and its name says it is a credential" if {
	cred.credential_name(key)
	cred.holds_value(value)
}
