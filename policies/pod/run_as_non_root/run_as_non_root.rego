# METADATA
# title: Running as non-root not required
# description: |
#   Without runAsNonRoot true, a container whose image runs as root (user 0)
#   starts as root; with it, the kubelet refuses to start such a container.
#   Pod Security Standards, Restricted (Running as Non-root).
#   Restricted fields: spec.securityContext.runAsNonRoot and
#   securityContext.runAsNonRoot of every init, regular and ephemeral
#   container. Allowed values: true; undefined on a container when the pod
#   sets true. false is refused at either level, even when every container
#   overrides the pod's false. Since Kubernetes 1.35 pods with spec.hostUsers
#   false are exempt: root in their own user namespace is not root on the
#   node.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#     description: Pod Security Standards, Restricted, Running as Non-root
# custom:
#   id: KA-POD-015
#   severity: medium
#   subject: pod
#   remediation: |
#     Set spec.securityContext.runAsNonRoot: true on the pod (and remove any
#     runAsNonRoot: false), and make sure the image runs as a non-zero user
#     (USER in the Dockerfile, or securityContext.runAsUser).
package kubeassay.checks.pod.run_as_non_root

import data.kubeassay.lib.kubernetes as k8s

# The pod, or a container, sets runAsNonRoot to false.
deny contains {"msg": msg, "path": path, "value": false} if {
	not k8s.user_namespace_pod
	some sc in k8s.contexts
	sc.context.runAsNonRoot == false
	msg := sprintf("%s sets runAsNonRoot to false", [k8s.owner(sc)])
	path := sprintf("%s.securityContext.runAsNonRoot", [sc.path])
}

# Neither the pod nor the container sets it.
deny contains {"msg": msg, "path": path, "value": null} if {
	not k8s.user_namespace_pod
	object.get(k8s.pod_spec, ["securityContext", "runAsNonRoot"], null) == null
	some c in k8s.containers
	object.get(c.container, ["securityContext", "runAsNonRoot"], null) == null
	msg := sprintf("%s does not set runAsNonRoot to true, nor does the pod", [k8s.label(c)])
	path := sprintf("%s.securityContext.runAsNonRoot", [c.path])
}
