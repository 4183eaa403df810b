# METADATA
# title: Approving certificate signing requests is limited to the subjects that need it
# description: |
#   Whoever can update the approval subresource of certificatesigningrequests can
#   approve a request for a client certificate, and with the
#   kubernetes.io/kube-apiserver-client signer issue itself any identity, groups
#   included. Every subject holding update or patch on
#   certificatesigningrequests/approval is reported once per binding, with its
#   role; the subjects Kubernetes itself needs are left aside for what the bindings
#   Kubernetes creates itself give them (a binding of anyone else's to them is
#   reported).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#     description: Kubernetes documentation, RBAC good practices
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.1.11)
# custom:
#   id: KA-INV-020
#   severity: high
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Keep CSR approval for kube-controller-manager and a trusted approver of kubelet
#     serving certificates; remove it from the roles listed, and restrict approvers
#     to named signers (approve on signers with resourceNames).
package kubeassay.checks.inventory.csr_approval

import data.kubeassay.lib.rbac

requests := rbac.each_or_named(["update", "patch"], "certificates.k8s.io", ["certificatesigningrequests/approval"])

deny contains f if {
	some f in rbac.findings(requests, "cluster", "approve certificate signing requests")
}
