# METADATA
# title: Running as root user
# description: |
#   runAsUser 0 runs the container's processes as root, whatever the image
#   says. Pod Security Standards, Restricted (Running as Non-root user).
#   Restricted fields: spec.securityContext.runAsUser and
#   securityContext.runAsUser of every init, regular and ephemeral container.
#   Allowed values: undefined, any non-zero user ID. Since Kubernetes 1.35
#   pods with spec.hostUsers false are exempt: user 0 in their own user
#   namespace maps to an unprivileged user on the node.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#     description: Pod Security Standards, Restricted, Running as Non-root user
# custom:
#   id: KA-POD-016
#   severity: medium
#   subject: pod
#   remediation: |
#     Set runAsUser to a non-zero user ID (or remove it and let the image's
#     non-root USER apply), or run the pod in its own user namespace with
#     spec.hostUsers: false.
package kubeassay.checks.pod.run_as_user

import data.kubeassay.lib.kubernetes as k8s

deny contains {"msg": msg, "path": path, "value": 0} if {
	not k8s.user_namespace_pod
	some sc in k8s.contexts
	sc.context.runAsUser == 0
	msg := sprintf("%s sets runAsUser to 0 (root)", [k8s.owner(sc)])
	path := sprintf("%s.securityContext.runAsUser", [sc.path])
}
