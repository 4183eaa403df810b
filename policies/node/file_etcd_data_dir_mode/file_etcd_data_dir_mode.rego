# METADATA
# title: etcd data directory is mode 0700 or stricter
# description: |
#   The etcd data directory holds every object of the cluster, Secrets included (in
#   clear text unless encryption at rest is configured). Read access to it is read
#   access to the whole cluster, so no one but etcd's owner may list or read it. The
#   directory is the one etcd's --data-dir names (else the platform's default
#   location); a node without one is skipped.
# related_resources:
#   - ref: https://etcd.io/docs/v3.5/op-guide/security/
#     description: etcd transport security model
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-009
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chmod 700 <dir>` on the directory named in the finding (kubeadm:
#     /var/lib/etcd; find it with `ps -ef | grep etcd` and its --data-dir).
package kubeassay.checks.node.file_etcd_data_dir_mode

import data.kubeassay.lib.node

roles := {"etcd-data-dir"}

what := "etcd data directory"

skip := node.files_skip(roles, "etcd", what)

unknown := node.mode_unknown_reason(roles, what)

# 448 is 0700: no permission bit outside it may be set.
deny contains f if some f in node.wider_than(roles, what, 448)
