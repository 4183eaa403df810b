# METADATA
# title: Capabilities beyond the default set
# description: |
#   Adding a Linux capability outside the container runtime's default set
#   (NET_RAW, SYS_ADMIN, SYS_PTRACE, ...) opens known paths to escalate to the
#   node. Pod Security Standards, Baseline (Capabilities).
#   Restricted fields: securityContext.capabilities.add of every init, regular
#   and ephemeral container. Allowed values: undefined, empty, or names from
#   AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD,
#   NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT, spelled
#   exactly so (no CAP_ prefix, upper case).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, Capabilities
# custom:
#   id: KA-POD-004
#   severity: high
#   subject: pod
#   remediation: |
#     Remove every capability outside the default set from
#     securityContext.capabilities.add. If the workload needs one, find a way
#     to do without it (NET_RAW for ping, for instance, is rarely needed), or
#     run it in a namespace that is exempt from the policy.
package kubeassay.checks.pod.capabilities_baseline

import data.kubeassay.lib.kubernetes as k8s

# The capabilities a container runtime grants by default.
default_capabilities := {
	"AUDIT_WRITE",
	"CHOWN",
	"DAC_OVERRIDE",
	"FOWNER",
	"FSETID",
	"KILL",
	"MKNOD",
	"NET_BIND_SERVICE",
	"SETFCAP",
	"SETGID",
	"SETPCAP",
	"SETUID",
	"SYS_CHROOT",
}

deny contains {"msg": msg, "path": path, "value": capability} if {
	some c in k8s.containers
	some i, capability in c.container.securityContext.capabilities.add
	not capability in default_capabilities
	msg := sprintf("%s adds capability %v, outside the default set", [k8s.label(c), json.marshal(capability)])
	path := sprintf("%s.securityContext.capabilities.add[%d]", [c.path, i])
}
