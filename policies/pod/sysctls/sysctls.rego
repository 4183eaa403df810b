# METADATA
# title: Unsafe sysctls
# description: |
#   Sysctls outside the safe set are not isolated between pods (or not
#   namespaced at all) and can change the node's kernel behaviour for every
#   workload on it. Pod Security Standards, Baseline (Sysctls), with the safe
#   set of Kubernetes 1.37.
#   Restricted fields: spec.securityContext.sysctls[*].name. Allowed values:
#   undefined, empty, kernel.shm_rmid_forced, net.ipv4.ip_local_port_range,
#   net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_syncookies,
#   net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start,
#   net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout,
#   net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes,
#   net.ipv4.tcp_rmem, net.ipv4.tcp_wmem, net.ipv4.tcp_slow_start_after_idle,
#   net.ipv4.tcp_notsent_lowat.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, Sysctls
#   - ref: https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/
#     description: Using sysctls in a Kubernetes cluster
# custom:
#   id: KA-POD-011
#   severity: medium
#   subject: pod
#   remediation: |
#     Remove the sysctls outside the safe set from spec.securityContext.sysctls.
#     Node-wide kernel settings belong in the node's configuration, not in a
#     pod.
package kubeassay.checks.pod.sysctls

import data.kubeassay.lib.kubernetes as k8s

safe_sysctls := {
	"kernel.shm_rmid_forced",
	"net.ipv4.ip_local_port_range",
	"net.ipv4.tcp_syncookies",
	"net.ipv4.ping_group_range",
	"net.ipv4.ip_unprivileged_port_start",
	# 1.27
	"net.ipv4.ip_local_reserved_ports",
	# 1.29
	"net.ipv4.tcp_keepalive_time",
	"net.ipv4.tcp_fin_timeout",
	"net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
	# 1.32
	"net.ipv4.tcp_rmem",
	"net.ipv4.tcp_wmem",
	# 1.37
	"net.ipv4.tcp_slow_start_after_idle",
	"net.ipv4.tcp_notsent_lowat",
}

deny contains {"msg": msg, "path": path, "value": name} if {
	some i, sysctl in k8s.pod_security_context.sysctls
	name := sysctl_name(sysctl)
	not name in safe_sysctls
	msg := sprintf("pod sets sysctl %v, outside the safe set", [json.marshal(name)])
	path := k8s.path(sprintf("spec.securityContext.sysctls[%d].name", [i]))
}

sysctl_name(sysctl) := sysctl.name if sysctl.name != null

else := ""
