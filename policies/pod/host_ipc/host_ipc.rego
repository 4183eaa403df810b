# METADATA
# title: Pods do not share the host's IPC namespace
# description: |
#   A pod with hostIPC: true sees the shared memory and semaphores of the node's processes.
#   The Pod Security Standards' baseline level forbids it, together with the
#   other host namespaces (KA-POD-002); this check judges hostIPC alone, for
#   the benchmark recommendations that name it.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, Host Namespaces
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.2.4)
# custom:
#   id: KA-POD-041
#   severity: high
#   subject: pod
#   remediation: |
#     Remove hostIPC from the pod spec (or set it to false); a workload that
#     truly needs the host's IPC namespace belongs in a namespace exempted by
#     name from the baseline level.
package kubeassay.checks.pod.host_ipc

import data.kubeassay.lib.kubernetes as k8s

# Any value but false or null is judged as sharing: the field is a boolean,
# and a manifest that holds anything else ("true") is not read as false.
deny contains {"msg": msg, "path": k8s.path("spec.hostIPC"), "value": v} if {
	v := k8s.pod_spec.hostIPC
	not v in {false, null}
	msg := sprintf("pod shares the host's IPC namespace (hostIPC: %s)", [json.marshal(v)])
}
