# METADATA
# title: Administrative kubeconfig files are mode 0600 or stricter
# description: |
#   The default administrative kubeconfig (kubeadm's admin.conf and super-admin.conf,
#   k3s's k3s.yaml and admin.kubeconfig, RKE2's rke2.yaml) carries a client
#   certificate bound to cluster-admin or system:masters. Any local user who can read
#   it is cluster-admin, so it must be readable by root alone.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
#     description: "kubeadm implementation details: files on a control plane node"
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-011
#   severity: critical
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chmod 600 <file>` on every file named in the finding. On k3s and RKE2 also
#     drop `write-kubeconfig-mode` from the config file (or set it to "0600"), or the
#     file is rewritten with the wider mode at the next start.
package kubeassay.checks.node.file_admin_kubeconfig_mode

import data.kubeassay.lib.node

roles := {"admin-kubeconfig"}

what := "administrative kubeconfig"

skip := node.files_skip(roles, "kube-apiserver", what)

unknown := node.mode_unknown_reason(roles, what)

# 384 is 0600: no permission bit outside it may be set.
deny contains f if some f in node.wider_than(roles, what, 384)
