# METADATA
# title: etcd serves clients over TLS
# description: |
#   With --cert-file and --key-file etcd serves its client port over TLS, so the
#   cluster state it sends the API server cannot be read or changed on the way. etcd
#   reads its flags from the command line, from a --config-file (which then replaces
#   them; the node facts record its keys as flags) or from ETCD_* environment
#   variables, which the node facts do not record. A warning names a flag whose file
#   does not exist.
# related_resources:
#   - ref: https://etcd.io/docs/v3.5/op-guide/security/
#     description: etcd transport security model
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-ETCD-001
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --cert-file and --key-file to etcd's serving certificate and key (kubeadm:
#     /etc/kubernetes/pki/etcd/server.crt and .key) and use https:// in
#     --listen-client-urls. For kubeadm's local etcd edit
#     /etc/kubernetes/manifests/etcd.yaml on every control plane node and put the
#     same setting under `etcd.local.extraArgs` of the ClusterConfiguration; for an
#     etcd run by systemd change its unit, environment file or --config-file; on RKE2
#     use `etcd-arg`.
package kubeassay.checks.node.etcd_cert_file

import data.kubeassay.lib.node

component := "etcd"

flags := ["cert-file", "key-file"]

skip := node.component_skip(component)

unknown := node.flags_unknown(component, flags)

deny contains f if some f in node.unset_flags(component, flags, "etcd serves its clients without TLS")

# A named file that is not on the node: the component cannot use it.
warn contains w if some w in node.missing_named_files(component, flags)
