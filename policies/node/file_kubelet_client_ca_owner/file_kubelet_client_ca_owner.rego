# METADATA
# title: Kubelet client CA file is owned by root:root
# description: |
#   Whoever owns the file the kubelet's authentication.x509.clientCAFile
#   (--client-ca-file) names can add a CA of their own to it and reach the kubelet's
#   API (exec, logs) with a certificate they minted. It must belong to root:root. The
#   file is the kubelet's effective setting; when that setting could not be read,
#   which file to judge is unknown and the check is undecided. A node whose kubelet
#   names no client CA file is skipped (KA-KUBELET-003 fails it).
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
#     description: Kubelet authentication and authorization
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-027
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chown root:root <file>` on the client CA file named in the finding.
package kubeassay.checks.node.file_kubelet_client_ca_owner

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
	reason := node.owner_unknown_reason(roles, what, "root", "root")
}

deny contains f if some f in node.not_owned_by(roles, what, "root", "root")
