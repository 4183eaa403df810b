# METADATA
# title: azure.json is mode 0644 or stricter
# description: |
#   /etc/kubernetes/azure.json on an AKS node holds the cloud provider configuration the
#   kubelet and the node's components use to talk to Azure (subscription, resource group,
#   the identity to use, and on older clusters a service principal's secret). Nobody but
#   root may change it (CIS AKS: 0644 or stricter). It exists only on AKS nodes.
# related_resources:
#   - ref: https://learn.microsoft.com/en-us/azure/aks/concepts-clusters-workloads
#     description: AKS core concepts, nodes and node pools
#   - ref: https://www.cisecurity.org/benchmark/azure
#     description: CIS Azure Kubernetes Service (AKS) Benchmark
# custom:
#   id: KA-FILE-032
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chmod 644 /etc/kubernetes/azure.json` (or stricter: 600) on the node.
package kubeassay.checks.node.file_azure_json_mode

import data.kubeassay.lib.node

roles := {"azure-json"}

what := "azure.json"

# The file is AKS's own: on another platform there is nothing to judge.
skip := sprintf("azure.json is a file of AKS nodes; this node is %s", [node.platform]) if {
	node.platform != "aks"
} else := node.files_skip(roles, "kubelet", what)

unknown := node.mode_unknown_reason(roles, what)

# 420 is 0644: no permission bit outside it may be set.
deny contains f if some f in node.wider_than(roles, what, 420)
