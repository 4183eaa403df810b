# METADATA
# title: "Etcd pod specification file is owned by root:root"
# description: |
#   Whoever owns the static pod manifest of etcd can rewrite it and so run etcd with
#   any flag, image or host mount: the owner is as powerful as the cluster. Only root
#   may own it. Ownership is read from the node's own /etc/passwd and /etc/group
#   (uid/gid 0 when no name is recorded).
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
#     description: "kubeadm implementation details: files on a control plane node"
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-008
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chown root:root <file>` on the manifest named in the finding (kubeadm:
#     /etc/kubernetes/manifests/etcd.yaml).
package kubeassay.checks.node.file_etcd_manifest_owner

import data.kubeassay.lib.node

roles := {"etcd-manifest"}

what := "etcd pod specification file"

skip := node.etcd_files_skip(roles, what)

unknown := node.owner_unknown_reason(roles, what, "root", "root")

deny contains f if some f in node.not_owned_by(roles, what, "root", "root")
