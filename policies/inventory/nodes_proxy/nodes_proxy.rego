# METADATA
# title: Access to the nodes/proxy subresource is limited to the subjects that need it
# description: |
#   nodes/proxy reaches the kubelet's API through the API server: with it one can
#   run commands in any pod of the node, past admission and most of the audit log.
#   A GET is enough to open an exec stream. Every subject holding get or create on
#   nodes/proxy is reported once per binding, with its role; the subjects
#   Kubernetes itself needs are left aside for what the bindings
#   Kubernetes creates itself give them (a binding of anyone else's to them is
#   reported).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#     description: Kubernetes documentation, RBAC good practices
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.1.10)
# custom:
#   id: KA-INV-009
#   severity: critical
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Remove nodes/proxy from the roles listed; monitoring components usually need
#     only get on nodes/metrics and nodes/stats.
package kubeassay.checks.inventory.nodes_proxy

import data.kubeassay.lib.rbac

risk := [{"what": "proxy to the kubelet API (nodes/proxy)", "where": "cluster", "any_of": rbac.each_or_named(["get", "create"], "", ["nodes/proxy"])}]

deny contains f if {
	some f in rbac.risk_findings(risk)
}
