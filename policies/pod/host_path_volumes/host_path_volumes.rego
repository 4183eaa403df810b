# METADATA
# title: HostPath volumes
# description: |
#   A hostPath volume mounts a file or directory of the node into the pod; it
#   can expose the container runtime socket, credentials or the node's file
#   system. Pod Security Standards, Baseline (HostPath Volumes).
#   Restricted fields: spec.volumes[*].hostPath. Allowed values: undefined, null.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, HostPath Volumes
# custom:
#   id: KA-POD-005
#   severity: high
#   subject: pod
#   remediation: |
#     Replace hostPath volumes with emptyDir, configMap, secret, projected or
#     persistentVolumeClaim volumes. A node agent that must read the node's
#     files belongs in a namespace that is exempt from the policy.
package kubeassay.checks.pod.host_path_volumes

import data.kubeassay.lib.kubernetes as k8s

deny contains {"msg": msg, "path": path, "value": v.volume.hostPath} if {
	some v in k8s.volumes
	v.volume.hostPath != null
	msg := sprintf("volume %q mounts host path %v", [v.name, json.marshal(host_path(v.volume.hostPath))])
	path := sprintf("%s.hostPath", [v.path])
}

host_path(source) := source.path if is_string(source.path)

else := ""
