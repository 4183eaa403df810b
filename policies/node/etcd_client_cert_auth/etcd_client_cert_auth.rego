# METADATA
# title: etcd requires client certificates
# description: |
#   With --client-cert-auth etcd accepts a client only when it presents a certificate
#   signed by --trusted-ca-file. Without it (the default) anyone who can reach the
#   client port can read and write the whole cluster state, Secrets included. etcd
#   reads its flags from the command line, from a --config-file (which then replaces
#   them; the node facts record its keys as flags) or from ETCD_* environment
#   variables, which the node facts do not record.
# related_resources:
#   - ref: https://etcd.io/docs/v3.5/op-guide/security/
#     description: etcd transport security model
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-ETCD-002
#   severity: critical
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --client-cert-auth=true and --trusted-ca-file to etcd's CA. For kubeadm's
#     local etcd edit /etc/kubernetes/manifests/etcd.yaml on every control plane node
#     and put the same setting under `etcd.local.extraArgs` of the
#     ClusterConfiguration; for an etcd run by systemd change its unit, environment
#     file or --config-file; on RKE2 use `etcd-arg`.
package kubeassay.checks.node.etcd_client_cert_auth

import data.kubeassay.lib.node

component := "etcd"

skip := node.component_skip(component)

unknown := node.flags_unknown(component, ["client-cert-auth"])

# Unset, --client-cert-auth is false.
deny contains node.finding(msg, node.flag_path(component, "client-cert-auth"), eff.raw) if {
	eff := node.effective_flag(node.components[component], "client-cert-auth", "false")
	not node.is_true(eff.value)
	msg := sprintf("%s; want true", [node.describe_flag(component, "client-cert-auth", eff)])
}
