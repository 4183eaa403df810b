# METADATA
# title: azure.json is owned by root:root
# description: |
#   /etc/kubernetes/azure.json on an AKS node holds the cloud provider configuration the
#   kubelet and the node's components use to talk to Azure. Its owner can change it, so
#   only root may own it. It exists only on AKS nodes.
# related_resources:
#   - ref: https://learn.microsoft.com/en-us/azure/aks/concepts-clusters-workloads
#     description: AKS core concepts, nodes and node pools
#   - ref: https://www.cisecurity.org/benchmark/azure
#     description: CIS Azure Kubernetes Service (AKS) Benchmark
# custom:
#   id: KA-FILE-033
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chown root:root /etc/kubernetes/azure.json` on the node.
package kubeassay.checks.node.file_azure_json_owner

import data.kubeassay.lib.node

roles := {"azure-json"}

what := "azure.json"

# The file is AKS's own: on another platform there is nothing to judge.
skip := sprintf("azure.json is a file of AKS nodes; this node is %s", [node.platform]) if {
	node.platform != "aks"
} else := node.files_skip(roles, "kubelet", what)

unknown := node.owner_unknown_reason(roles, what, "root", "root")

deny contains f if some f in node.not_owned_by(roles, what, "root", "root")
