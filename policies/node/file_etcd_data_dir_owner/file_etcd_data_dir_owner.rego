# METADATA
# title: "etcd data directory is owned by etcd:etcd"
# description: |
#   The etcd data directory should belong to the dedicated, unprivileged etcd user
#   and group, so that etcd can run without root and other service accounts of the
#   node cannot touch the database. The owner and group names come from the node's
#   /etc/passwd and /etc/group; when they are not recorded the check cannot match
#   them and says so. etcd embedded in k3s runs inside the k3s process as root, has
#   no etcd user, and is skipped.
# related_resources:
#   - ref: https://etcd.io/docs/v3.5/op-guide/security/
#     description: etcd transport security model
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-010
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Create the etcd user and group if the node has none (`useradd -r -s
#     /sbin/nologin etcd`), run etcd as that user, and `chown -R etcd:etcd <dir>` on
#     the data directory named in the finding.
package kubeassay.checks.node.file_etcd_data_dir_owner

import data.kubeassay.lib.node

roles := {"etcd-data-dir"}

what := "etcd data directory"

skip := node.etcd_files_skip(roles, what)

unknown := node.owner_unknown_reason(roles, what, "etcd", "etcd")

deny contains f if some f in node.not_owned_by(roles, what, "etcd", "etcd")
