# METADATA
# title: Secrets are encrypted at rest with a strong provider
# description: |
#   Reads the EncryptionConfiguration that kube-apiserver's
#   --encryption-provider-config names (the node facts keep the resources and the
#   provider names in order, never the keys). kube-apiserver uses, for a resource,
#   the first entry that lists it (`secrets`, or the wildcards `*.` and `*.*`), and
#   encrypts new writes with that entry's first provider; the others only decrypt.
#   It fails when the flag is unset or empty (nothing is encrypted), when no entry
#   covers secrets, and when the entry that covers secrets has `identity` first
#   (Secrets are written as plain text). It warns when that first provider is kms
#   with apiVersion v1 (deprecated since Kubernetes 1.28 and off by default since
#   1.29: the data is still encrypted, so this is a warning to migrate to KMS v2, not
#   a failure) or aesgcm (sound only with automated key rotation: a key must not
#   encrypt more than about 2^32 writes), and when another entry names resources
#   with `identity` first (they are written unencrypted on purpose; the benchmark
#   asks for real providers, but excluding e.g. events from a wildcard is a
#   legitimate choice). A file that could not be read leaves the check undecided.
# related_resources:
#   - ref: https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/
#     description: Encrypting confidential data at rest
#   - ref: https://kubernetes.io/docs/tasks/administer-cluster/kms-provider/
#     description: Using a KMS provider for data encryption
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-024
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     In the EncryptionConfiguration, list `secrets` in an entry whose first provider
#     is kms with apiVersion v2 (or aescbc or secretbox, with a key kept off the etcd
#     hosts); `identity` may follow, last, to read data written before encryption was
#     turned on. Restart the API servers on every control plane node, then rewrite
#     the existing Secrets: `kubectl get secrets -A -o json | kubectl replace -f -`.
package kubeassay.checks.node.api_encryption_providers

import data.kubeassay.lib.apiserver
import data.kubeassay.lib.node

component := "kube-apiserver"

flag := "encryption-provider-config"

field := "encryptionConfig"

skip := node.component_skip(component)

unknown := apiserver.summary_unknown(flag, field, "encryption provider configuration")

# secrets_names are the resource names of an entry that cover Secrets.
secrets_names := {"secrets", "secrets.", "*.", "*.*"}

cfg := apiserver.summary(flag, field)

entries := object.get(cfg, "resources", [])

# covering is the index of the entry kube-apiserver uses for Secrets.
covering := [i | some i, e in entries; some r in object.get(e, "resources", []); r in secrets_names][0]

first(i) := object.get(entries[i], "providers", [{"type": "none"}])[0]

entry_path(i) := sprintf("%s.resources[%d]", [apiserver.summary_path(field), i])

names(i) := concat(", ", object.get(entries[i], "resources", []))

deny contains f if some f in node.unset_flags(component, [flag], "nothing is encrypted at rest")

deny contains node.finding(msg, sprintf("%s.resources", [apiserver.summary_path(field)]), null) if {
	cfg
	not covering
	msg := sprintf("encryption provider configuration %s has no entry for secrets: Secrets are stored in etcd unencrypted", [cfg.file])
}

deny contains node.finding(msg, sprintf("%s.providers[0].type", [entry_path(covering)]), "identity") if {
	first(covering).type == "identity"
	msg := sprintf("encryption provider configuration %s: the first provider for secrets (resources[%d]: %s) is identity, so Secrets are written to etcd unencrypted", [cfg.file, covering, names(covering)])
}

warn contains node.finding(msg, sprintf("%s.providers[0].apiVersion", [entry_path(covering)]), "v1") if {
	p := first(covering)
	p.type == "kms"
	object.get(p, "apiVersion", "v1") == "v1"
	msg := sprintf("encryption provider configuration %s encrypts secrets (resources[%d]) with KMS v1, deprecated since Kubernetes 1.28 and off by default since 1.29: move to KMS v2", [cfg.file, covering])
}

warn contains node.finding(msg, sprintf("%s.providers[0].type", [entry_path(covering)]), "aesgcm") if {
	first(covering).type == "aesgcm"
	msg := sprintf("encryption provider configuration %s encrypts secrets (resources[%d]) with aesgcm, which is safe only with automated key rotation; prefer KMS v2, aescbc or secretbox", [cfg.file, covering])
}

warn contains node.finding(msg, sprintf("%s.providers[0].type", [entry_path(i)]), "identity") if {
	some i, _ in entries
	i != covering
	first(i).type == "identity"
	msg := sprintf("encryption provider configuration %s writes %s unencrypted (resources[%d] has identity first)", [cfg.file, names(i), i])
}
