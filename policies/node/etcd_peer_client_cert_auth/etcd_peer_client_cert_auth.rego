# METADATA
# title: etcd requires certificates from its peers
# description: |
#   With --peer-client-cert-auth an etcd member accepts a peer only when it presents
#   a certificate signed by --peer-trusted-ca-file; without it (the default) anything
#   that reaches the peer port can join the replication. etcd reads its flags from
#   the command line, from a --config-file (which then replaces them; the node facts
#   record its keys as flags) or from ETCD_* environment variables, which the node
#   facts do not record.
# related_resources:
#   - ref: https://etcd.io/docs/v3.5/op-guide/security/
#     description: etcd transport security model
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-ETCD-005
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --peer-client-cert-auth=true and --peer-trusted-ca-file to the peer CA. For
#     kubeadm's local etcd edit /etc/kubernetes/manifests/etcd.yaml on every control
#     plane node and put the same setting under `etcd.local.extraArgs` of the
#     ClusterConfiguration; for an etcd run by systemd change its unit, environment
#     file or --config-file; on RKE2 use `etcd-arg`.
package kubeassay.checks.node.etcd_peer_client_cert_auth

import data.kubeassay.lib.node

component := "etcd"

skip := node.component_skip(component)

unknown := node.flags_unknown(component, ["peer-client-cert-auth"])

# Unset, --peer-client-cert-auth is false.
deny contains node.finding(msg, node.flag_path(component, "peer-client-cert-auth"), eff.raw) if {
	eff := node.effective_flag(node.components[component], "peer-client-cert-auth", "false")
	not node.is_true(eff.value)
	msg := sprintf("%s; want true", [node.describe_flag(component, "peer-client-cert-auth", eff)])
}
