package kubeassay.lib.apiserver_test

import data.kubeassay.lib.apiserver
import data.kubeassay.test.node as t

comp := "kube-apiserver"

file := "/etc/kubernetes/audit/policy.yaml"

test_summary_only_when_read if {
	doc := t.on(comp, "kubeadm", object.union(t.process(comp, {"audit-policy-file": [file]}), {"auditPolicy": {"file": file, "rules": []}}))
	apiserver.summary("audit-policy-file", "auditPolicy") == {"file": file, "rules": []} with input as doc
	not apiserver.summary_unknown("audit-policy-file", "auditPolicy", "audit policy") with input as doc

	broken := t.on(comp, "kubeadm", object.union(t.process(comp, {"audit-policy-file": [file]}), {"auditPolicy": {"file": file, "error": "x"}}))
	not apiserver.summary("audit-policy-file", "auditPolicy") with input as broken
	apiserver.summary_unknown("audit-policy-file", "auditPolicy", "audit policy") == "the audit policy /etc/kubernetes/audit/policy.yaml named by kube-apiserver --audit-policy-file could not be read: x" with input as broken
}

test_no_summary_without_the_flag if {
	doc := t.on(comp, "kubeadm", object.union(t.process(comp, {}), {"auditPolicy": {"file": file, "rules": []}}))
	not apiserver.summary("audit-policy-file", "auditPolicy") with input as doc
	not apiserver.summary_unknown("audit-policy-file", "auditPolicy", "audit policy") with input as doc
}

test_audit_level_counts_omitted_stages if {
	apiserver.audit_level({}, {"level": "RequestResponse"}) == "RequestResponse"
	apiserver.audit_level({"omitStages": ["RequestReceived", "ResponseStarted", "ResponseComplete"]}, {"level": "Metadata", "omitStages": ["Panic"]}) == "None"
	apiserver.audit_level({"omitStages": ["RequestReceived"]}, {"level": "Metadata"}) == "Metadata"
}

test_weak_ciphers if {
	apiserver.weak_ciphers(["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256"]) == ["TLS_RSA_WITH_AES_128_GCM_SHA256"]
	apiserver.tls13_only("VersionTLS13")
	not apiserver.tls13_only("VersionTLS12")
}
