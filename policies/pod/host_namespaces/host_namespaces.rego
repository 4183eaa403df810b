# METADATA
# title: Host namespaces
# description: |
#   A pod that shares the node's network, PID or IPC namespace can see and
#   reach the node's interfaces, processes or shared memory, and those of every
#   other pod on the node. Pod Security Standards, Baseline (Host Namespaces).
#   Restricted fields: spec.hostNetwork, spec.hostPID, spec.hostIPC.
#   Allowed values: undefined, false.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, Host Namespaces
# custom:
#   id: KA-POD-002
#   severity: high
#   subject: pod
#   remediation: |
#     Remove spec.hostNetwork, spec.hostPID and spec.hostIPC from the pod
#     template, or set them to false. Expose network services through a
#     Service instead of the node's network.
package kubeassay.checks.pod.host_namespaces

import data.kubeassay.lib.kubernetes as k8s

namespaces := {"hostNetwork": "network", "hostPID": "PID", "hostIPC": "IPC"}

# Any value but false or null is judged as sharing: the field is a boolean,
# and a manifest that holds anything else ("true") is not read as false.
deny contains {"msg": msg, "path": path, "value": v} if {
	some field, ns in namespaces
	v := k8s.pod_spec[field]
	not v in {false, null}
	msg := sprintf("pod shares the host's %s namespace (%s: %s)", [ns, field, json.marshal(v)])
	path := k8s.path(sprintf("spec.%s", [field]))
}
