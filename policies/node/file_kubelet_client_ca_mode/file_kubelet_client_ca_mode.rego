# METADATA
# title: Kubelet client CA file is mode 0644 or stricter
# description: |
#   The file the kubelet's authentication.x509.clientCAFile (--client-ca-file) names
#   decides which client certificates the kubelet accepts. It is public, but whoever
#   can write it can add a CA of their own and reach the kubelet's API (exec, logs)
#   with a certificate they minted. It must have no write bit beyond its owner and
#   nothing beyond 0644. The file is the kubelet's effective setting; when that
#   setting could not be read, which file to judge is unknown and the check is
#   undecided. A node whose kubelet names no client CA file is skipped (KA-KUBELET-003
#   fails it).
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
#     description: Kubelet authentication and authorization
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-026
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chmod 644 <file>` (or stricter) on the client CA file named in the finding
#     (kubeadm: /etc/kubernetes/pki/ca.crt).
package kubeassay.checks.node.file_kubelet_client_ca_mode

import data.kubeassay.lib.node

roles := {"kubelet-client-ca"}

what := "kubelet client CA file"

setting_unknown := node.settings_unknown("kubelet", ["authentication.x509.clientCAFile"])

skip := reason if {
	reason := node.component_skip("kubelet")
} else := reason if {
	not setting_unknown
	reason := node.files_skip(roles, "kubelet", what)
}

unknown := setting_unknown

unknown := reason if {
	not setting_unknown
	reason := node.mode_unknown_reason(roles, what)
}

# 420 is 0644.
deny contains f if some f in node.wider_than(roles, what, 420)
