# METADATA
# title: API server has an audit policy that logs
# description: |
#   kube-apiserver writes audit events only for the requests its audit policy
#   (--audit-policy-file) gives a level other than None: without the flag it
#   records nothing, whatever --audit-log-path says. This check passes when the flag
#   names a file that the node facts read as an audit.k8s.io/v1 Policy with at least
#   one rule that logs (level Metadata, Request or RequestResponse, and not every
#   stage omitted). It fails when the flag is unset or empty, or when every rule is
#   None (or there is no rule). A policy file that is missing or does not parse
#   leaves it undecided. What the policy covers is KA-API-026 (CIS 3.2.2).
# related_resources:
#   - ref: https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/
#     description: Auditing
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-025
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Write an audit policy (audit.k8s.io/v1 Policy) whose last rule logs everything
#     else at Metadata, with more specific rules before it, and set
#     --audit-policy-file to it together with --audit-log-path (or an audit webhook)
#     on every control plane node. kubeadm: add the flags and hostPath mounts for the
#     policy and the log directory to the API server's static pod manifest and the
#     ClusterConfiguration; k3s and RKE2: `kube-apiserver-arg` (RKE2 writes a policy
#     that logs nothing until you replace it).
package kubeassay.checks.node.api_audit_policy

import data.kubeassay.lib.apiserver
import data.kubeassay.lib.node

component := "kube-apiserver"

flag := "audit-policy-file"

field := "auditPolicy"

skip := node.component_skip(component)

unknown := apiserver.summary_unknown(flag, field, "audit policy")

deny contains f if some f in node.unset_flags(component, [flag], "the API server records no audit events")

deny contains node.finding(msg, sprintf("%s.rules", [apiserver.summary_path(field)]), count(rules)) if {
	pol := apiserver.summary(flag, field)
	rules := object.get(pol, "rules", [])
	every r in rules {
		apiserver.audit_level(pol, r) == "None"
	}
	msg := sprintf("audit policy %s has no rule that logs (%d rules, all level None or with every stage omitted): no audit event is written", [pol.file, count(rules)])
}
