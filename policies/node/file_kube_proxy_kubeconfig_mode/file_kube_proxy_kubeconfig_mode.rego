# METADATA
# title: kube-proxy kubeconfig on the node is mode 0600 or stricter
# description: |
#   The kubeconfig kube-proxy uses (its --kubeconfig, or clientConnection.kubeconfig
#   in its --config file; else the platform's default location) may hold a
#   credential that can read and watch Services, EndpointSlices and Nodes. When it is
#   a file on the node, only root may read it. A kubeconfig that exists only inside
#   kube-proxy's container (a ConfigMap volume of a DaemonSet, found through
#   /proc/<pid>/root) is not a file on the node and is skipped, as is a node where no
#   such file exists. When kube-proxy's configuration could not be read, which file
#   it uses is unknown and the check is undecided. On k3s and RKE2, whose built-in
#   kube-proxy arguments are not recorded, the platform's kubeconfig at its default
#   location is judged.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/kube-proxy/
#     description: kube-proxy
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-024
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chmod 600 <file>` on the kube-proxy kubeconfig named in the finding (k3s:
#     /var/lib/rancher/k3s/agent/kubeproxy.kubeconfig).
package kubeassay.checks.node.file_kube_proxy_kubeconfig_mode

import data.kubeassay.lib.node

roles := node.kube_proxy_kubeconfig_roles

what := node.kube_proxy_kubeconfig_what

skip := node.kube_proxy_kubeconfig_skip

unknown := node.kube_proxy_kubeconfig_unknown("mode", node.mode_unknown(roles))

# 384 is 0600.
deny contains f if {
	some f in node.wider_than(roles, what, 384)
	not startswith(f.path, "files[/proc/")
}
