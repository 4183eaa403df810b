# METADATA
# title: Kubernetes PKI private keys are mode 0600 or stricter
# description: |
#   The private keys of the PKI tree (kubeadm: /etc/kubernetes/pki, *.key,
#   *-key.pem and *_key.pem; k3s and RKE2: <data-dir>/server/tls) include the
#   cluster CA's: whoever reads one can impersonate the API server or mint
#   credentials. Each must have no permission bit beyond 0600. A tree listed only in
#   part, or a key whose mode could not be read, leaves the check undecided. Skipped
#   where no PKI tree exists, on a managed control plane, and on a node without an
#   API server whose PKI files were found only at default locations.
# related_resources:
#   - ref: https://kubernetes.io/docs/setup/best-practices/certificates/
#     description: PKI certificates and requirements
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-029
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chmod 600` on each key named in the findings (kubeadm: `find
#     /etc/kubernetes/pki -name '*.key' -exec chmod 600 {} +`).
package kubeassay.checks.node.file_pki_key_mode

import data.kubeassay.lib.node

roles := {"pki-key"}

# The tree's directories say whether it was listed in full.
tree := roles | {"pki-dir"}

what := "Kubernetes PKI private key"

skip := node.files_skip(tree, "kube-apiserver", what)

unknown := node.files_unknown(tree, what, "mode", node.mode_unknown(roles))

# 384 is 0600.
deny contains f if some f in node.wider_than(roles, what, 384)
