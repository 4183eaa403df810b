# METADATA
# title: "Administrative kubeconfig files are owned by root:root"
# description: |
#   The owner of the default administrative kubeconfig can read it, and with it act
#   as cluster-admin; only root may own it. Files copied for a user belong in that
#   user's home directory, not in place of the default one.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
#     description: "kubeadm implementation details: files on a control plane node"
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-012
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chown root:root <file>` on every file named in the finding.
package kubeassay.checks.node.file_admin_kubeconfig_owner

import data.kubeassay.lib.node

roles := {"admin-kubeconfig"}

what := "administrative kubeconfig"

skip := node.files_skip(roles, "kube-apiserver", what)

unknown := node.owner_unknown_reason(roles, what, "root", "root")

deny contains f if some f in node.not_owned_by(roles, what, "root", "root")
