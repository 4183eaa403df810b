# METADATA
# title: kube-apiserver configuration file helpers
# description: |
#   Reads the summaries the node facts keep of the files kube-apiserver's
#   --encryption-provider-config and --audit-policy-file name
#   (components.kube-apiserver.encryptionConfig and .auditPolicy, see
#   docs/node-facts.md), and the TLS settings shared by the API server's and
#   the kubelet's cipher checks. A summary that could not be read is unknown,
#   never an empty configuration.
package kubeassay.lib.apiserver

import data.kubeassay.lib.node

component := "kube-apiserver"

# summary_unknown says why the content of the file a flag names cannot be
# known: the flag itself cannot be read, the facts do not record the file's
# content (a document from an older collector), or the file could not be
# read or parsed.
summary_unknown(flag_name, field, what) := reason if {
	reason := node.flags_unknown(component, [flag_name])
} else := reason if {
	c := node.components[component]
	node.flag_nonempty(c, flag_name)
	not is_object(object.get(c, field, null))
	reason := sprintf(
		"kube-apiserver --%s=%s (%s): the node facts do not record the content of the %s (collected by an older kubeassay?)",
		[flag_name, node.flag(c, flag_name), node.origin(node.flag_source(c, flag_name)), what],
	)
} else := reason if {
	c := node.components[component]
	node.flag_nonempty(c, flag_name)
	s := c[field]
	is_object(s)
	err := object.get(s, "error", "")
	err != ""
	reason := sprintf("the %s %v named by kube-apiserver --%s could not be read: %s", [what, object.get(s, "file", node.flag(c, flag_name)), flag_name, err])
}

# summary is the summary of the file a flag names, when it was read;
# undefined otherwise (summary_unknown says why).
summary(flag_name, field) := s if {
	c := node.components[component]
	node.flag_nonempty(c, flag_name)
	s := c[field]
	is_object(s)
	object.get(s, "error", "") == ""
}

summary_path(field) := sprintf("components.kube-apiserver.%s", [field])

# ---------------------------------------------------------------------------
# TLS

# strong_ciphers are the cipher suites the CIS benchmark accepts for the API
# server and the kubelet: ECDHE key exchange with an AEAD cipher (AES-GCM or
# ChaCha20-Poly1305), and the TLS 1.3 suites (which Go does not let anyone
# configure, and which are all AEAD).
strong_ciphers := {
	"TLS_AES_128_GCM_SHA256",
	"TLS_AES_256_GCM_SHA384",
	"TLS_CHACHA20_POLY1305_SHA256",
	"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
	"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
	"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
	"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
	"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
	"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
	"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
	"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
}

# tls13_only is true for a minimum TLS version of 1.3: Go then negotiates
# only the TLS 1.3 suites, whatever the cipher suite list says.
tls13_only(v) if v == "VersionTLS13"

# weak_ciphers lists the suites of a list that are not strong, in order.
weak_ciphers(list) := [s | some s in list; not s in strong_ciphers]

# ---------------------------------------------------------------------------
# Audit policy

audit_stages := {"RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"}

# audit_level is the level a rule of the policy really logs at: None when the
# rule and the policy together omit every stage (no event is written).
audit_level(pol, rule) := "None" if {
	omitted := {s | some s in object.get(pol, "omitStages", [])} | {s | some s in object.get(rule, "omitStages", [])}
	count(audit_stages - omitted) == 0
} else := rule.level
