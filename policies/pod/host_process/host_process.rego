# METADATA
# title: Windows HostProcess containers
# description: |
#   A Windows HostProcess container runs as a process on the node, with the
#   node's network, file system and processes in reach: it can take over the
#   node. Pod Security Standards, Baseline (HostProcess).
#   Restricted fields: spec.securityContext.windowsOptions.hostProcess and
#   securityContext.windowsOptions.hostProcess of every init, regular and
#   ephemeral container. Allowed values: undefined, false.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, HostProcess
# custom:
#   id: KA-POD-001
#   severity: high
#   subject: pod
#   remediation: |
#     Remove securityContext.windowsOptions.hostProcess from the pod and its
#     containers, or set it to false. A node agent that really needs to run as
#     a host process belongs in a namespace that is exempt from the policy.
package kubeassay.checks.pod.host_process

import data.kubeassay.lib.kubernetes as k8s

deny contains {"msg": msg, "path": path, "value": true} if {
	some sc in k8s.contexts
	sc.context.windowsOptions.hostProcess == true
	msg := sprintf("%s sets windowsOptions.hostProcess to true", [k8s.owner(sc)])
	path := sprintf("%s.securityContext.windowsOptions.hostProcess", [sc.path])
}
