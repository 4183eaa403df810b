package kubeassay.checks.node.api_encryption_provider_config_test

import data.kubeassay.checks.node.api_encryption_provider_config as check
import data.kubeassay.test.node as t

comp := "kube-apiserver"

file := "/etc/kubernetes/enc/encryption-config.yaml"

with_summary(c, s) := object.union(c, {"encryptionConfig": s})

read := {"file": file, "resources": [{"resources": ["secrets"], "providers": [{"type": "aescbc"}]}]}

test_pass_when_set_and_read if {
	doc := t.on(comp, "kubeadm", with_summary(t.process(comp, {"encryption-provider-config": [file]}), read))
	not check.skip with input as doc
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}

test_fail_when_unset if {
	check.deny == {{"msg": "kube-apiserver --encryption-provider-config is not set: Secrets are stored in etcd unencrypted", "path": "components.kube-apiserver.flags.encryption-provider-config", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_fail_when_empty if {
	count(check.deny) == 1 with input as t.on(comp, "kubeadm", t.process(comp, {"encryption-provider-config": [""]}))
}

test_unknown_when_file_unreadable if {
	doc := t.on(comp, "kubeadm", with_summary(t.process(comp, {"encryption-provider-config": [file]}), {"file": file, "error": "open: no such file or directory"}))
	check.unknown == "the encryption provider configuration /etc/kubernetes/enc/encryption-config.yaml named by kube-apiserver --encryption-provider-config could not be read: open: no such file or directory" with input as doc
	count(check.deny) == 0 with input as doc
}

test_unknown_when_summary_not_recorded if {
	doc := t.on(comp, "kubeadm", t.process(comp, {"encryption-provider-config": [file]}))
	startswith(check.unknown, "kube-apiserver --encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml (set on the command line): the node facts do not record") with input as doc
}

test_unknown_when_embedded_and_unset if {
	check.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --encryption-provider-config" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_skip_on_managed_and_absent if {
	check.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.facts("eks", {}, [])
	check.skip == "kube-apiserver is not running on this node" with input as t.on("kubelet", "kubeadm", t.running("kubelet"))
}
