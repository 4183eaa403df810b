# METADATA
# title: Kubelet configuration files are mode 0600 or stricter
# description: |
#   The kubelet's --config file and every drop-in under --config-dir set its
#   authentication, authorization and TLS. A writable or widely readable file lets
#   others weaken or study them. Only files the kubelet actually uses are judged (the
#   one --config names, else the platform's default location, and the drop-ins); a
#   kubelet configured by flags alone is skipped.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
#     description: Kubelet configuration (v1beta1)
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-022
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chmod 600 <file>` on every file named in the finding (kubeadm:
#     /var/lib/kubelet/config.yaml and the files under --config-dir).
package kubeassay.checks.node.file_kubelet_config_mode

import data.kubeassay.lib.node

roles := {"kubelet-config", "kubelet-config-dropin"}

what := "kubelet configuration file"

skip := node.kubelet_config_skip(roles, what)

unknown := node.mode_unknown_reason(roles, what)

# 384 is 0600: no permission bit outside it may be set.
deny contains f if some f in node.wider_than(roles, what, 384)
