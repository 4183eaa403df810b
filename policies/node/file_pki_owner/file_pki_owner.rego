# METADATA
# title: "Kubernetes PKI directory and files are owned by root:root"
# description: |
#   The PKI tree (kubeadm: /etc/kubernetes/pki; k3s and RKE2: <data-dir>/server/tls)
#   holds the cluster's certificate authorities and their private keys. Whoever owns
#   a directory in it can replace a CA or a key and so mint credentials, or
#   impersonate the API server. Every directory and file of the tree must belong to
#   root:root. Judged on the control plane tree and on a worker's copy alike; skipped
#   on a managed control plane.
# related_resources:
#   - ref: https://kubernetes.io/docs/setup/best-practices/certificates/
#     description: PKI certificates and requirements
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-017
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chown -R root:root <pki dir>` (kubeadm: /etc/kubernetes/pki/) and check
#     that nothing on the node re-creates files there with another owner.
package kubeassay.checks.node.file_pki_owner

import data.kubeassay.lib.node

roles := {"pki-dir", "pki-cert", "pki-key", "pki-public-key", "pki-file"}

what := "Kubernetes PKI file"

skip := node.files_skip(roles, "kube-apiserver", what)

unknown := node.owner_unknown_reason(roles, what, "root", "root")

deny contains f if some f in node.not_owned_by(roles, what, "root", "root")
