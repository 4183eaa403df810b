# METADATA
# title: Approving certificate signing requests is limited to the subjects that need it
# description: |
#   Whoever can update the approval subresource of certificatesigningrequests can
#   approve a request for a client certificate, and with the
#   kubernetes.io/kube-apiserver-client signer issue itself any identity, groups
#   included. Approval takes two permissions, as the API server checks them:
#   update or patch on certificatesigningrequests/approval, and approve on the
#   signer (kubernetes.io/kube-apiserver-client, its -kubelet variant, or
#   kubernetes.io/*). Every subject holding both is reported once per binding,
#   with its role; approval without such a signer is not reported. The
#   subjects Kubernetes itself needs are left aside for what the bindings
#   Kubernetes creates itself give them (a binding of anyone else's to them is
#   reported).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#     description: Kubernetes documentation, RBAC good practices
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.1.11)
# custom:
#   id: KA-INV-020
#   severity: critical
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Keep CSR approval for kube-controller-manager and a trusted approver of kubelet
#     serving certificates; remove it from the roles listed, and restrict approvers
#     to named signers (approve on signers with resourceNames).
package kubeassay.checks.inventory.csr_approval

import data.kubeassay.lib.rbac

# Approval takes two permissions: update (or patch) on
# certificatesigningrequests/approval, and approve on the signer of the
# request, which the API server asks by the signer's name. The signers of
# API client certificates are the dangerous ones: a certificate for any user
# and group, system:masters included.
approvals := rbac.each_or_named(["update", "patch"], "certificates.k8s.io", ["certificatesigningrequests/approval"])

signers := ["kubernetes.io/kube-apiserver-client", "kubernetes.io/kube-apiserver-client-kubelet", "kubernetes.io/*"]

risk := [{
	"what": "approve certificate signing requests for API client certificates",
	"where": "cluster",
	"any_of": [[a[0], {"verb": "approve", "group": "certificates.k8s.io", "resource": "signers", "name": n}] |
		some a in approvals
		some n in signers
	],
}]

deny contains f if {
	some f in rbac.risk_findings(risk)
}
