package kubeassay.checks.node.api_encryption_providers_test

import data.kubeassay.checks.node.api_encryption_providers as check
import data.kubeassay.test.node as t

comp := "kube-apiserver"

file := "/etc/kubernetes/enc/encryption-config.yaml"

node_with(resources) := t.on(comp, "kubeadm", object.union(
	t.process(comp, {"encryption-provider-config": [file]}),
	{"encryptionConfig": {"file": file, "resources": resources}},
))

entry(names, types) := {"resources": names, "providers": [{"type": ty} | some ty in types]}

test_pass_with_aescbc_first if {
	doc := node_with([entry(["secrets", "configmaps"], ["aescbc", "identity"])])
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
	count(check.warn) == 0 with input as doc
}

test_pass_with_kms_v2_and_wildcard if {
	doc := node_with([{"resources": ["*.*"], "providers": [{"type": "kms", "apiVersion": "v2"}, {"type": "identity"}]}])
	count(check.deny) == 0 with input as doc
	count(check.warn) == 0 with input as doc
}

test_fail_when_identity_first_for_secrets if {
	check.deny == {{
		"msg": "encryption provider configuration /etc/kubernetes/enc/encryption-config.yaml: the first provider for secrets (resources[0]: secrets) is identity, so Secrets are written to etcd unencrypted",
		"path": "components.kube-apiserver.encryptionConfig.resources[0].providers[0].type",
		"value": "identity",
	}} with input as node_with([entry(["secrets"], ["identity", "aescbc"])])
}

test_first_matching_entry_decides if {
	# An identity entry for secrets before a wildcard entry: secrets use the first.
	count(check.deny) == 1 with input as node_with([entry(["secrets"], ["identity"]), entry(["*.*"], ["aescbc"])])

	# A wildcard before: the wildcard decides, and the later entry is never used.
	count(check.deny) == 0 with input as node_with([entry(["*.*"], ["secretbox"]), entry(["secrets"], ["identity"])])
}

test_fail_when_secrets_not_covered if {
	check.deny == {{
		"msg": "encryption provider configuration /etc/kubernetes/enc/encryption-config.yaml has no entry for secrets: Secrets are stored in etcd unencrypted",
		"path": "components.kube-apiserver.encryptionConfig.resources",
		"value": null,
	}} with input as node_with([entry(["configmaps"], ["aescbc"])])
	count(check.deny) == 1 with input as node_with([])
	count(check.deny) == 1 with input as node_with([entry(["*.apps"], ["aescbc"])])
}

test_fail_when_flag_unset if {
	check.deny == {{"msg": "kube-apiserver --encryption-provider-config is not set: nothing is encrypted at rest", "path": "components.kube-apiserver.flags.encryption-provider-config", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_warn_on_kms_v1 if {
	doc := node_with([{"resources": ["secrets"], "providers": [{"type": "kms", "apiVersion": "v1"}]}])
	count(check.deny) == 0 with input as doc
	[w | some w in check.warn] == [{
		"msg": "encryption provider configuration /etc/kubernetes/enc/encryption-config.yaml encrypts secrets (resources[0]) with KMS v1, deprecated since Kubernetes 1.28 and off by default since 1.29: move to KMS v2",
		"path": "components.kube-apiserver.encryptionConfig.resources[0].providers[0].apiVersion",
		"value": "v1",
	}] with input as doc
}

test_warn_on_aesgcm if {
	doc := node_with([entry(["secrets"], ["aesgcm"])])
	count(check.deny) == 0 with input as doc
	count(check.warn) == 1 with input as doc
}

test_warn_on_other_identity_entries if {
	doc := node_with([entry(["events"], ["identity"]), entry(["*.*"], ["aescbc"])])
	count(check.deny) == 0 with input as doc
	[w.msg | some w in check.warn] == ["encryption provider configuration /etc/kubernetes/enc/encryption-config.yaml writes events unencrypted (resources[0] has identity first)"] with input as doc
}

test_unknown_when_unreadable if {
	doc := t.on(comp, "kubeadm", object.union(
		t.process(comp, {"encryption-provider-config": [file]}),
		{"encryptionConfig": {"file": file, "error": "does not parse"}},
	))
	check.unknown == "the encryption provider configuration /etc/kubernetes/enc/encryption-config.yaml named by kube-apiserver --encryption-provider-config could not be read: does not parse" with input as doc
	count(check.deny) == 0 with input as doc
	count(check.warn) == 0 with input as doc
}

test_unknown_when_flag_unknown if {
	check.unknown with input as t.on(comp, "k3s", t.embedded(comp, {}))
	count(check.deny) == 0 with input as t.on(comp, "k3s", t.embedded(comp, {}))
}
