# METADATA
# title: Host ports
# description: |
#   A hostPort binds a port of the node's network interfaces to the container,
#   bypassing network policies and exposing the workload wherever the node is
#   reachable. Pod Security Standards, Baseline (Host Ports).
#   Restricted fields: ports[*].hostPort of every init, regular and ephemeral
#   container. Allowed values: undefined, 0.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, Host Ports
# custom:
#   id: KA-POD-006
#   severity: medium
#   subject: pod
#   remediation: |
#     Remove hostPort from the container ports (keep containerPort) and expose
#     the workload through a Service, a NodePort or LoadBalancer Service, or
#     an Ingress.
package kubeassay.checks.pod.host_ports

import data.kubeassay.lib.kubernetes as k8s

deny contains {"msg": msg, "path": path, "value": port.hostPort} if {
	some c in k8s.containers
	some i, port in c.container.ports
	port.hostPort != null
	port.hostPort != 0
	msg := sprintf("%s uses hostPort %v", [k8s.label(c), port.hostPort])
	path := sprintf("%s.ports[%d].hostPort", [c.path, i])
}
