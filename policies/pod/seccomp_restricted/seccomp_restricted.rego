# METADATA
# title: Seccomp profile not set
# description: |
#   Unless the kubelet applies a default, a container without a seccomp
#   profile runs with no system call filter. The restricted level requires the
#   profile to be set, to RuntimeDefault or Localhost. Pod Security Standards,
#   Restricted (Seccomp).
#   Restricted fields: spec.securityContext.seccompProfile.type and
#   securityContext.seccompProfile.type of every init, regular and ephemeral
#   container. Allowed values: RuntimeDefault, Localhost; undefined on a
#   container when the pod sets an allowed type. Pods with spec.os.name
#   windows are exempt: seccomp does not exist on Windows.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#     description: Pod Security Standards, Restricted, Seccomp
#   - ref: https://kubernetes.io/docs/tutorials/security/seccomp/
#     description: Restrict a container's syscalls with seccomp
# custom:
#   id: KA-POD-017
#   severity: medium
#   subject: pod
#   remediation: |
#     Set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod
#     (or Localhost, with a profile installed on the nodes), and remove any
#     Unconfined profile from the containers.
package kubeassay.checks.pod.seccomp_restricted

import data.kubeassay.lib.kubernetes as k8s

# The pod, or a container, sets a profile of a type that is not allowed.
deny contains f if {
	not k8s.windows_pod
	some f in k8s.disallowed_seccomp
}

# Neither the pod nor the container sets a profile.
deny contains {"msg": msg, "path": path, "value": null} if {
	not k8s.windows_pod
	object.get(k8s.pod_spec, ["securityContext", "seccompProfile"], null) == null
	some c in k8s.containers
	object.get(c.container, ["securityContext", "seccompProfile"], null) == null
	msg := sprintf("%s sets no seccomp profile, nor does the pod", [k8s.label(c)])
	path := sprintf("%s.securityContext.seccompProfile.type", [c.path])
}
