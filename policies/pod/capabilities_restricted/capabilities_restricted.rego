# METADATA
# title: Capabilities not dropped
# description: |
#   The restricted level requires every container to drop all Linux
#   capabilities, and to add back at most NET_BIND_SERVICE. Pod Security
#   Standards, Restricted (Capabilities).
#   Restricted fields: securityContext.capabilities.drop of every init,
#   regular and ephemeral container (must include ALL, spelled so) and
#   securityContext.capabilities.add (allowed: undefined, empty,
#   NET_BIND_SERVICE). Pods with spec.os.name windows are exempt: Linux
#   capabilities do not exist on Windows.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#     description: Pod Security Standards, Restricted, Capabilities
# custom:
#   id: KA-POD-018
#   severity: medium
#   subject: pod
#   remediation: |
#     Set securityContext.capabilities.drop: ["ALL"] on every container, and
#     remove every capability but NET_BIND_SERVICE from capabilities.add.
package kubeassay.checks.pod.capabilities_restricted

import data.kubeassay.lib.kubernetes as k8s

# The container does not drop ALL.
deny contains {"msg": msg, "path": path, "value": drop} if {
	not k8s.windows_pod
	some c in k8s.containers
	drop := object.get(c.container, ["securityContext", "capabilities", "drop"], null)
	not "ALL" in drop
	msg := sprintf("%s does not drop ALL capabilities", [k8s.label(c)])
	path := sprintf("%s.securityContext.capabilities.drop", [c.path])
}

# The container adds a capability other than NET_BIND_SERVICE.
deny contains {"msg": msg, "path": path, "value": capability} if {
	not k8s.windows_pod
	some c in k8s.containers
	some i, capability in c.container.securityContext.capabilities.add
	capability != "NET_BIND_SERVICE"
	msg := sprintf("%s adds capability %v", [k8s.label(c), json.marshal(capability)])
	path := sprintf("%s.securityContext.capabilities.add[%d]", [c.path, i])
}
