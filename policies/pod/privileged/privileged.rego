# METADATA
# title: Privileged containers
# description: |
#   A privileged container runs with every capability and with access to the
#   host's devices; it can take over the node. Pod Security Standards, Baseline.
#   Restricted fields: spec.containers[*].securityContext.privileged,
#   spec.initContainers[*].securityContext.privileged,
#   spec.ephemeralContainers[*].securityContext.privileged.
#   Allowed values: undefined, false.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, Privileged Containers
# custom:
#   id: KA-POD-003
#   severity: high
#   subject: pod
#   remediation: |
#     Remove securityContext.privileged from every container, or set it to
#     false. Grant only the capabilities the workload needs instead.
package kubeassay.checks.pod.privileged

import data.kubeassay.lib.kubernetes as k8s

deny contains {"msg": msg, "path": path, "value": true} if {
	some c in k8s.containers
	c.container.securityContext.privileged == true
	msg := sprintf("%s is privileged", [k8s.label(c)])
	path := sprintf("%s.securityContext.privileged", [c.path])
}
