# METADATA
# title: API server rotates the audit log at 100 MB or more
# description: |
#   --audit-log-maxsize is the size in megabytes at which the audit log is rotated.
#   The benchmark asks for at least 100, so that enough history survives for an
#   investigation. Unset, it is 0 (no limit by age or count, or no rotation by size),
#   which is not what the benchmark asks for either. When the audit log goes to
#   standard output (--audit-log-path=-) there is no file to rotate and the check is
#   skipped.
# related_resources:
#   - ref: https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/
#     description: Auditing
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-015
#   severity: low
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --audit-log-maxsize=100 or more. In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-apiserver.yaml on every control plane node (the
#     kubelet restarts the API server) and put the same setting under
#     `apiServer.extraArgs` of the ClusterConfiguration so that upgrades keep it; on
#     k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_audit_log_maxsize

import data.kubeassay.lib.node

component := "kube-apiserver"

skip := node.audit_log_skip

unknown := node.flags_unknown(component, ["audit-log-maxsize"])

deny contains f if some f in node.audit_log_below("audit-log-maxsize", 100)
