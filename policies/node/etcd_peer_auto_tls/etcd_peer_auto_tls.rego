# METADATA
# title: etcd does not use self-signed peer certificates
# description: |
#   --peer-auto-tls makes etcd generate self-signed certificates for member to member
#   traffic, which peers cannot verify. It is off by default and fails only when
#   turned on. etcd reads its flags from the command line, from a --config-file
#   (which then replaces them; the node facts record its keys as flags) or from
#   ETCD_* environment variables, which the node facts do not record.
# related_resources:
#   - ref: https://etcd.io/docs/v3.5/op-guide/security/
#     description: etcd transport security model
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-ETCD-006
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Remove --peer-auto-tls or set it to false, and give each member a peer
#     certificate. For kubeadm's local etcd edit /etc/kubernetes/manifests/etcd.yaml
#     on every control plane node and put the same setting under
#     `etcd.local.extraArgs` of the ClusterConfiguration; for an etcd run by systemd
#     change its unit, environment file or --config-file; on RKE2 use `etcd-arg`.
package kubeassay.checks.node.etcd_peer_auto_tls

import data.kubeassay.lib.node

component := "etcd"

skip := node.component_skip(component)

unknown := node.flags_unknown(component, ["peer-auto-tls"])

# Unset, --peer-auto-tls is false.
deny contains node.finding(msg, node.flag_path(component, "peer-auto-tls"), eff.raw) if {
	eff := node.effective_flag(node.components[component], "peer-auto-tls", "false")
	node.is_true(eff.value)
	msg := sprintf("%s; want it unset or false", [node.describe_flag(component, "peer-auto-tls", eff)])
}
