# METADATA
# title: kube-proxy kubeconfig on the node is owned by root:root
# description: |
#   Whoever owns kube-proxy's kubeconfig (its --kubeconfig, or
#   clientConnection.kubeconfig in its --config file; else the platform's default
#   location) can point kube-proxy at another API server or swap its credential.
#   When it is a file on the node it must belong to root:root. A kubeconfig that
#   exists only inside kube-proxy's container (found through /proc/<pid>/root) is not
#   a file on the node and is skipped, as is a node where no such file exists. When
#   kube-proxy's configuration could not be read, which file it uses is unknown and
#   the check is undecided. On k3s and RKE2, whose built-in kube-proxy arguments are
#   not recorded, the platform's kubeconfig at its default location is judged.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/kube-proxy/
#     description: kube-proxy
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-025
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chown root:root <file>` on the kube-proxy kubeconfig named in the finding.
package kubeassay.checks.node.file_kube_proxy_kubeconfig_owner

import data.kubeassay.lib.node

roles := node.kube_proxy_kubeconfig_roles

what := node.kube_proxy_kubeconfig_what

skip := node.kube_proxy_kubeconfig_skip

unknown := node.kube_proxy_kubeconfig_unknown("ownership", node.owner_unknown(roles, "root", "root"))

deny contains f if {
	some f in node.not_owned_by(roles, what, "root", "root")
	not startswith(f.path, "files[/proc/")
}
