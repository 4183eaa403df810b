# METADATA
# title: API server writes an audit log
# description: |
#   Without --audit-log-path the API server writes no audit log (unless an audit
#   webhook is configured), so there is no record of who did what in the cluster. The
#   flag needs an --audit-policy-file to log anything; the policy's content is a
#   manual recommendation (3.2).
# related_resources:
#   - ref: https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/
#     description: Auditing
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-012
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --audit-log-path to a file on a volume the API server can write (kubeadm:
#     mount a hostPath such as /var/log/kubernetes/audit/), together with
#     --audit-policy-file. In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-apiserver.yaml on every control plane node (the
#     kubelet restarts the API server) and put the same setting under
#     `apiServer.extraArgs` of the ClusterConfiguration so that upgrades keep it; on
#     k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_audit_log_path

import data.kubeassay.lib.node

component := "kube-apiserver"

flags := ["audit-log-path"]

skip := node.component_skip(component)

unknown := node.flags_unknown(component, flags)

deny contains f if some f in node.unset_flags(component, flags, "no audit log is written")
