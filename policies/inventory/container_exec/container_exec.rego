# METADATA
# title: Running commands in containers is limited to the subjects that need it
# description: |
#   pods/exec and pods/attach run commands in, or talk to the main process of, a
#   running container, with its service account token, its mounted Secrets and
#   its privileges; an ephemeral container added to a running pod does the same
#   with any image. get on exec and attach counts too: older API servers allowed
#   them over WebSocket with get. Every subject holding one of these, cluster-wide
#   or in a namespace, is reported once per binding, with its role.
#
#   The subjects Kubernetes itself needs are left aside for what the
#   bindings Kubernetes creates itself give them (a binding of anyone else's
#   to them is reported). This check is also one of the risks that
#   `kubeassay rbac risks` lists, under its id.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#     description: Kubernetes documentation, RBAC good practices
# custom:
#   id: KA-INV-030
#   severity: high
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Keep exec, attach and ephemeral containers to the operators who debug
#     workloads, per namespace; automation rarely needs them.
package kubeassay.checks.inventory.container_exec

import data.kubeassay.lib.rbac

risk := [{"what": "run commands in containers (exec, attach, ephemeral containers)", "where": "anywhere", "any_of": array.concat(rbac.each(["create", "get"], "", ["pods/exec", "pods/attach"]), rbac.each(["update", "patch"], "", ["pods/ephemeralcontainers"]))}]

deny contains f if {
	some f in rbac.risk_findings(risk)
}
