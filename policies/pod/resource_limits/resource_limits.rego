# METADATA
# title: CPU or memory limit not set
# description: |
#   A container without a CPU or memory limit can take the node's CPU time or
#   memory from every other pod on it, by accident or in a denial of service.
#   The NSA/CISA Kubernetes Hardening Guide asks for resource limits on every
#   container.
#   Restricted fields: spec.containers[*].resources.limits.cpu and .memory,
#   spec.initContainers[*].resources.limits.cpu and .memory.
#   Allowed values: any quantity. A limit of the pod as a whole
#   (spec.resources.limits, pod-level resources) stands in for the containers'
#   limit of the same resource. Ephemeral (debug) containers are not judged:
#   Kubernetes does not let them set resources.
#
#   This judges the pod template as written. A LimitRange with default limits
#   in the workload's namespace would give a container without limits its
#   defaults when the pod is created; a pod check does not see the namespace,
#   so such a template still fails here, and whether each namespace has a
#   LimitRange is its own check (KA-INV-014). Pods read from a cluster carry
#   the limits admission gave them, defaults included.
# related_resources:
#   - ref: https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF
#     description: NSA/CISA Kubernetes Hardening Guide v1.2, Kubernetes Pod security and Network separation (resource policies)
#   - ref: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
#     description: Kubernetes documentation, resource management for pods and containers
# custom:
#   id: KA-POD-021
#   severity: medium
#   subject: pod
#   remediation: |
#     Set resources.limits.cpu and resources.limits.memory on every container
#     and init container, sized from the workload's observed use. A LimitRange
#     with default limits in each namespace catches what is still left out.
package kubeassay.checks.pod.resource_limits

import data.kubeassay.lib.kubernetes as k8s

resources := ["cpu", "memory"]

# limited(obj, r) holds when obj (a container or the pod spec) has a limit
# for resource r.
limited(obj, r) if {
	res := object.get(obj, "resources", {})
	is_object(res)
	limits := object.get(res, "limits", {})
	is_object(limits)
	object.get(limits, r, null) != null
}

deny contains k8s.finding(msg, path, null) if {
	some c in k8s.containers
	c.type != "ephemeralContainers"
	some r in resources
	not limited(k8s.pod_spec, r)
	not limited(c.container, r)
	msg := sprintf("%s has no %s limit", [k8s.label(c), r])
	path := sprintf("%s.resources.limits.%s", [c.path, r])
}
