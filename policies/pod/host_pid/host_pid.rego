# METADATA
# title: Pods do not share the host's PID namespace
# description: |
#   A pod with hostPID: true sees the processes of the node, and can signal or trace them.
#   The Pod Security Standards' baseline level forbids it, together with the
#   other host namespaces (KA-POD-002); this check judges hostPID alone, for
#   the benchmark recommendations that name it.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, Host Namespaces
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.2.3)
# custom:
#   id: KA-POD-040
#   severity: high
#   subject: pod
#   remediation: |
#     Remove hostPID from the pod spec (or set it to false); a workload that
#     truly needs the host's PID namespace belongs in a namespace exempted by
#     name from the baseline level.
package kubeassay.checks.pod.host_pid

import data.kubeassay.lib.kubernetes as k8s

# Any value but false or null is judged as sharing: the field is a boolean,
# and a manifest that holds anything else ("true") is not read as false.
deny contains {"msg": msg, "path": k8s.path("spec.hostPID"), "value": v} if {
	v := k8s.pod_spec.hostPID
	not v in {false, null}
	msg := sprintf("pod shares the host's PID namespace (hostPID: %s)", [json.marshal(v)])
}
