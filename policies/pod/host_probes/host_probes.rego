# METADATA
# title: Host probes and lifecycle hooks
# description: |
#   The kubelet runs HTTP and TCP probes and lifecycle hooks from the node.
#   With a host set, it connects wherever that host points (the node itself,
#   other nodes, cloud metadata endpoints) instead of the pod: the pod can use
#   the kubelet to reach what the pod cannot. Pod Security Standards, Baseline
#   (Host Probes / Lifecycle Hooks), Kubernetes 1.34+.
#   Restricted fields, for every init, regular and ephemeral container:
#   livenessProbe, readinessProbe and startupProbe .httpGet.host and
#   .tcpSocket.host; lifecycle.postStart and lifecycle.preStop .httpGet.host
#   and .tcpSocket.host. Allowed values: undefined, "". Every other value is
#   refused, localhost and 127.0.0.1 included.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, Host Probes / Lifecycle Hooks
# custom:
#   id: KA-POD-012
#   severity: medium
#   subject: pod
#   remediation: |
#     Remove the host field from the probe or hook: the kubelet then connects
#     to the pod's IP. To check something outside the pod, run the check from
#     the container (an exec probe) instead.
package kubeassay.checks.pod.host_probes

import data.kubeassay.lib.kubernetes as k8s

# Where a container keeps its probes and lifecycle handlers.
probes := ["livenessProbe", "readinessProbe", "startupProbe"]

hooks := ["postStart", "preStop"]

# The actions of a handler that take a host.
actions := ["httpGet", "tcpSocket"]

deny contains {"msg": msg, "path": path, "value": host} if {
	some c in k8s.containers
	some name in probes
	h := c.container[name]
	some action, host in hosts(h)
	field := concat(".", [name, action, "host"])
	msg := sprintf("%s sets %s to %v", [k8s.label(c), field, json.marshal(host)])
	path := sprintf("%s.%s", [c.path, field])
}

deny contains {"msg": msg, "path": path, "value": host} if {
	some c in k8s.containers
	lifecycle := c.container.lifecycle
	some hook in hooks
	h := lifecycle[hook]
	some action, host in hosts(h)
	field := concat(".", ["lifecycle", hook, action, "host"])
	msg := sprintf("%s sets %s to %v", [k8s.label(c), field, json.marshal(host)])
	path := sprintf("%s.%s", [c.path, field])
}

# hosts maps each action of a handler to the host it sets, if any.
hosts(h) := {action: host |
	h != null
	some action in actions
	host := object.get(h, [action, "host"], null)
	not host in {null, ""}
}
