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
#   cis: ["1.1.8"]
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

skip := reason if {
	reason := node.files_skip(roles, "etcd", what)
} else := reason if {
	etcd := node.components.etcd
	node.embedded(etcd)
	paths := concat(", ", sort([f.path | some f in node.existing(roles)]))
	reason := sprintf("etcd runs inside the %s process, as root: no etcd user owns %s", [node.supervisor(etcd), paths])
}

unknown := node.owner_unknown_reason(roles, what, "etcd", "etcd")

deny contains node.finding(msg, node.ownership_path(f, "root", "root"), owner) if {
	some f in node.owner_judged(roles, "root", "root")
	not node.owned_by(f, "root", "root")
	owner := node.owner_label(f)
	msg := sprintf("%s %s is owned by %s, not root:root", [what, f.path, owner])
}
