# METADATA
# title: Kubernetes PKI certificates are mode 0644 or stricter
# description: |
#   The certificates of the PKI tree (kubeadm: /etc/kubernetes/pki, *.crt, *.cert and
#   *.pem files other than keys; k3s and RKE2: <data-dir>/server/tls) are public, but
#   whoever can write one can replace a CA or a serving certificate. Each must have
#   no permission bit beyond 0644. A tree listed only in part, or a certificate whose
#   mode could not be read, leaves the check undecided. Skipped where no PKI tree
#   exists, on a managed control plane, and on a node without an API server whose
#   PKI files were found only at default locations.
# related_resources:
#   - ref: https://kubernetes.io/docs/setup/best-practices/certificates/
#     description: PKI certificates and requirements
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-028
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chmod 644` (or stricter) on each certificate named in the findings
#     (kubeadm: `find /etc/kubernetes/pki -name '*.crt' -exec chmod 644 {} +`).
package kubeassay.checks.node.file_pki_cert_mode

import data.kubeassay.lib.node

roles := {"pki-cert"}

# The tree's directories say whether it was listed in full.
tree := roles | {"pki-dir"}

what := "Kubernetes PKI certificate"

skip := node.files_skip(tree, "kube-apiserver", what)

unknown := node.files_unknown(tree, what, "mode", node.mode_unknown(roles))

# 420 is 0644.
deny contains f if some f in node.wider_than(roles, what, 420)
