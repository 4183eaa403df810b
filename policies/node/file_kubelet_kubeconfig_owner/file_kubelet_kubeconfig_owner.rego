# METADATA
# title: "Kubelet kubeconfig is owned by root:root"
# description: |
#   The owner of the kubelet's kubeconfig holds the node's credential; only root may
#   own it.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/
#     description: Kubelet TLS bootstrapping and certificate rotation
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-021
#   cis: ["4.1.6"]
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chown root:root <file>` on the kubeconfig named in the finding (kubeadm:
#     /etc/kubernetes/kubelet.conf).
package kubeassay.checks.node.file_kubelet_kubeconfig_owner

import data.kubeassay.lib.node

roles := {"kubelet-kubeconfig"}

what := "kubelet kubeconfig"

skip := node.files_skip(roles, "kubelet", what)

unknown := node.owner_unknown_reason(roles, what, "root", "root")

deny contains node.finding(msg, node.ownership_path(f, "root", "root"), owner) if {
	some f in node.owner_judged(roles, "root", "root")
	not node.owned_by(f, "root", "root")
	owner := node.owner_label(f)
	msg := sprintf("%s %s is owned by %s, not root:root", [what, f.path, owner])
}
