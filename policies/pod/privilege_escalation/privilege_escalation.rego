# METADATA
# title: Privilege escalation allowed
# description: |
#   Unless allowPrivilegeEscalation is false, a process in the container can
#   gain more privileges than its parent, through set-user-ID or set-group-ID
#   programs or file capabilities. Pod Security Standards, Restricted
#   (Privilege Escalation).
#   Restricted fields: securityContext.allowPrivilegeEscalation of every init,
#   regular and ephemeral container. Allowed value: false (it must be set).
#   Pods with spec.os.name windows are exempt: the field does not exist on
#   Windows.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#     description: Pod Security Standards, Restricted, Privilege Escalation
# custom:
#   id: KA-POD-014
#   severity: medium
#   subject: pod
#   remediation: |
#     Set securityContext.allowPrivilegeEscalation: false on every container,
#     init container and ephemeral container.
package kubeassay.checks.pod.privilege_escalation

import data.kubeassay.lib.kubernetes as k8s

deny contains {"msg": msg, "path": path, "value": value} if {
	not k8s.windows_pod
	some c in k8s.containers
	not c.container.securityContext.allowPrivilegeEscalation == false
	value := allow_privilege_escalation(c)
	msg := message(c, value)
	path := sprintf("%s.securityContext.allowPrivilegeEscalation", [c.path])
}

allow_privilege_escalation(c) := c.container.securityContext.allowPrivilegeEscalation if {
	c.container.securityContext.allowPrivilegeEscalation != null
} else := null

message(c, null) := sprintf("%s does not set allowPrivilegeEscalation to false", [k8s.label(c)])

message(c, value) := sprintf("%s sets allowPrivilegeEscalation to %v", [k8s.label(c), json.marshal(value)]) if value != null
