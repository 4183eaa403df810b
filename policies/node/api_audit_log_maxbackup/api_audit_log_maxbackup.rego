# METADATA
# title: API server keeps at least 10 files of audit log
# description: |
#   --audit-log-maxbackup is the number of rotated audit log files kept. The
#   benchmark asks for at least 10, so that enough history survives for an
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
#   id: KA-API-014
#   severity: low
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --audit-log-maxbackup=10 or more. In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-apiserver.yaml on every control plane node (the
#     kubelet restarts the API server) and put the same setting under
#     `apiServer.extraArgs` of the ClusterConfiguration so that upgrades keep it; on
#     k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_audit_log_maxbackup

import data.kubeassay.lib.node

component := "kube-apiserver"

skip := node.audit_log_skip

unknown := node.flags_unknown(component, ["audit-log-maxbackup"])

deny contains f if some f in node.audit_log_below("audit-log-maxbackup", 10)
