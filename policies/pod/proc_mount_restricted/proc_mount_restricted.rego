# METADATA
# title: /proc mount type (restricted)
# description: |
#   The runtime masks and makes read-only parts of /proc that would reveal or
#   change the node's state. procMount Unmasked turns that off. At the
#   restricted level this holds for every pod, including pods in their own
#   user namespace (spec.hostUsers false), which the baseline rule exempts
#   since Kubernetes 1.35. Pod Security Standards, Restricted (/proc Mount
#   Type), Kubernetes 1.35+.
#   Restricted fields: securityContext.procMount of every init, regular and
#   ephemeral container. Allowed values: undefined, Default.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#     description: Pod Security Standards, Restricted, /proc Mount Type
# custom:
#   id: KA-POD-019
#   severity: medium
#   subject: pod
#   remediation: |
#     Remove securityContext.procMount or set it to Default. A workload that
#     needs an unmasked /proc cannot meet the restricted level; run it in a
#     namespace held to baseline, with spec.hostUsers: false.
package kubeassay.checks.pod.proc_mount_restricted

import data.kubeassay.lib.kubernetes as k8s

deny contains {"msg": msg, "path": path, "value": proc_mount} if {
	some c in k8s.containers
	proc_mount := c.container.securityContext.procMount
	not proc_mount in {null, "Default"}
	msg := sprintf("%s sets procMount %v", [k8s.label(c), json.marshal(proc_mount)])
	path := sprintf("%s.securityContext.procMount", [c.path])
}
