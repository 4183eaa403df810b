# METADATA
# title: SELinux options
# description: |
#   A custom SELinux user or role, or a type other than the container types,
#   can lift the SELinux confinement the runtime gives containers. Pod Security
#   Standards, Baseline (SELinux).
#   Restricted fields: seLinuxOptions.type of the pod and of every init,
#   regular and ephemeral container (allowed: undefined, "", container_t,
#   container_init_t, container_kvm_t, container_engine_t); seLinuxOptions.user
#   and seLinuxOptions.role at the same places (allowed: undefined, "").
#   seLinuxOptions.level is not restricted.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, SELinux
# custom:
#   id: KA-POD-008
#   severity: medium
#   subject: pod
#   remediation: |
#     Remove seLinuxOptions.user and seLinuxOptions.role, and leave
#     seLinuxOptions.type unset or set it to one of container_t,
#     container_init_t, container_kvm_t, container_engine_t. Setting only
#     seLinuxOptions.level (an MCS label) is allowed.
package kubeassay.checks.pod.selinux

import data.kubeassay.lib.kubernetes as k8s

allowed_types := {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}

deny contains {"msg": msg, "path": path, "value": type} if {
	some sc in k8s.contexts
	type := sc.context.seLinuxOptions.type
	type != null
	not type in allowed_types
	msg := sprintf("%s sets SELinux type %v", [k8s.owner(sc), json.marshal(type)])
	path := sprintf("%s.securityContext.seLinuxOptions.type", [sc.path])
}

deny contains {"msg": msg, "path": path, "value": value} if {
	some sc in k8s.contexts
	options := sc.context.seLinuxOptions
	some field in ["user", "role"]
	value := options[field]
	not value in {null, ""}
	msg := sprintf("%s sets SELinux %s %v", [k8s.owner(sc), field, json.marshal(value)])
	path := sprintf("%s.securityContext.seLinuxOptions.%s", [sc.path, field])
}
