# METADATA
# title: "Kubelet configuration files are owned by root:root"
# description: |
#   The owner of the kubelet's configuration file or of one of its drop-ins can
#   rewrite the kubelet's security settings; only root may own them.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
#     description: Kubelet configuration (v1beta1)
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-023
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chown root:root <file>` on every file named in the finding (kubeadm:
#     /var/lib/kubelet/config.yaml and the files under --config-dir).
package kubeassay.checks.node.file_kubelet_config_owner

import data.kubeassay.lib.node

roles := {"kubelet-config", "kubelet-config-dropin"}

what := "kubelet configuration file"

skip := node.kubelet_config_skip(roles, what)

unknown := node.owner_unknown_reason(roles, what, "root", "root")

deny contains f if some f in node.not_owned_by(roles, what, "root", "root")
