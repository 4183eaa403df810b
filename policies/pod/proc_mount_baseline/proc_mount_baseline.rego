# METADATA
# title: /proc mount type (baseline)
# description: |
#   The runtime masks and makes read-only parts of /proc that would reveal or
#   change the node's state. procMount Unmasked turns that off. Pod Security
#   Standards, Baseline (/proc Mount Type). Since Kubernetes 1.35 the baseline
#   rule does not apply to pods with spec.hostUsers false: in their own user
#   namespace the unmasked /proc cannot reach the node.
#   Restricted fields: securityContext.procMount of every init, regular and
#   ephemeral container. Allowed values: undefined, Default (any value when
#   spec.hostUsers is false).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, /proc Mount Type
# custom:
#   id: KA-POD-009
#   severity: medium
#   subject: pod
#   remediation: |
#     Remove securityContext.procMount or set it to Default. A workload that
#     needs an unmasked /proc (nested containers, for instance) should run
#     with spec.hostUsers: false.
package kubeassay.checks.pod.proc_mount_baseline

import data.kubeassay.lib.kubernetes as k8s

deny contains {"msg": msg, "path": path, "value": proc_mount} if {
	not k8s.user_namespace_pod
	some c in k8s.containers
	proc_mount := c.container.securityContext.procMount
	not proc_mount in {null, "Default"}
	msg := sprintf("%s sets procMount %v outside a user namespace", [k8s.label(c), json.marshal(proc_mount)])
	path := sprintf("%s.securityContext.procMount", [c.path])
}
