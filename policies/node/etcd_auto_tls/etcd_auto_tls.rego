# METADATA
# title: etcd does not use self-signed client certificates
# description: |
#   --auto-tls makes etcd generate a self-signed serving certificate for its client
#   port, which clients cannot verify. It is off by default and fails only when
#   turned on. etcd reads its flags from the command line, from a --config-file
#   (which then replaces them; the node facts record its keys as flags) or from
#   ETCD_* environment variables, which the node facts do not record.
# related_resources:
#   - ref: https://etcd.io/docs/v3.5/op-guide/security/
#     description: etcd transport security model
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-ETCD-003
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Remove --auto-tls or set it to false, and give etcd a certificate with
#     --cert-file and --key-file. For kubeadm's local etcd edit
#     /etc/kubernetes/manifests/etcd.yaml on every control plane node and put the
#     same setting under `etcd.local.extraArgs` of the ClusterConfiguration; for an
#     etcd run by systemd change its unit, environment file or --config-file; on RKE2
#     use `etcd-arg`.
package kubeassay.checks.node.etcd_auto_tls

import data.kubeassay.lib.node

component := "etcd"

skip := node.component_skip(component)

unknown := node.flags_unknown(component, ["auto-tls"])

# Unset, --auto-tls is false.
deny contains node.finding(msg, node.flag_path(component, "auto-tls"), eff.raw) if {
	eff := node.effective_flag(node.components[component], "auto-tls", "false")
	node.is_true(eff.value)
	msg := sprintf("%s; want it unset or false", [node.describe_flag(component, "auto-tls", eff)])
}
