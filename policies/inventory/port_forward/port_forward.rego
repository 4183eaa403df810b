# METADATA
# title: Forwarding ports of pods is limited to the subjects that need it
# description: |
#   pods/portforward reaches any port of a pod through the API server, around
#   NetworkPolicies and Services: internal admin interfaces and databases become
#   reachable. get counts as for exec. Every subject holding it, cluster-wide or
#   in a namespace, is reported once per binding, with its role.
#
#   The subjects Kubernetes itself needs are left aside for what the
#   bindings Kubernetes creates itself give them (a binding of anyone else's
#   to them is reported). This check is also one of the risks that
#   `kubeassay rbac risks` lists, under its id.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#     description: Kubernetes documentation, RBAC good practices
# custom:
#   id: KA-INV-032
#   severity: low
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Keep port forwarding to the operators who debug workloads, per namespace.
package kubeassay.checks.inventory.port_forward

import data.kubeassay.lib.rbac

risk := [{"what": "forward ports of pods (pods/portforward)", "where": "anywhere", "any_of": rbac.each(["create", "get"], "", ["pods/portforward"])}]

deny contains f if {
	some f in rbac.risk_findings(risk)
}
