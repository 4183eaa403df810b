# METADATA
# title: Writable root filesystem
# description: |
#   A container whose root filesystem is writable lets an intruder drop tools,
#   change binaries and libraries, or plant persistence in the image's files. The
#   NSA/CISA Kubernetes Hardening Guide asks for immutable container filesystems:
#   the application writes only to the volumes it mounts (an emptyDir for /tmp,
#   a persistent volume for data).
#   Restricted fields: spec.containers[*].securityContext.readOnlyRootFilesystem,
#   spec.initContainers[*].securityContext.readOnlyRootFilesystem,
#   spec.ephemeralContainers[*].securityContext.readOnlyRootFilesystem.
#   Allowed value: true. Unset counts as writable, which is the Kubernetes
#   default. Ephemeral (debug) containers are judged too: they can set it, and a
#   writable debug container in a running pod is the same risk.
# related_resources:
#   - ref: https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF
#     description: NSA/CISA Kubernetes Hardening Guide v1.2, Kubernetes Pod security (immutable container file systems)
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
#     description: Kubernetes documentation, configure a security context
# custom:
#   id: KA-POD-020
#   severity: medium
#   subject: pod
#   remediation: |
#     Set securityContext.readOnlyRootFilesystem: true on every container, and
#     mount an emptyDir (or another volume) at each path the application must
#     write to, such as /tmp or a cache directory.
package kubeassay.checks.pod.read_only_root_filesystem

import data.kubeassay.lib.kubernetes as k8s

deny contains k8s.finding(msg, path, value) if {
	some c in k8s.containers
	value := read_only(k8s.security_context(c))
	value != true
	msg := sprintf("%s has a writable root filesystem (readOnlyRootFilesystem is %s)", [k8s.label(c), describe(value)])
	path := sprintf("%s.securityContext.readOnlyRootFilesystem", [c.path])
}

# read_only is the container's setting, null when unset (a securityContext
# that is absent or null included).
read_only(sc) := object.get(sc, "readOnlyRootFilesystem", null) if is_object(sc)

else := null

describe(null) := "not set"

describe(v) := json.marshal(v) if v != null
