# METADATA
# title: Kubelet configuration files are mode 0644 or stricter
# description: |
#   The kubelet's --config file and every drop-in under --config-dir set its
#   authentication, authorization and TLS. A writable or widely readable file lets
#   others weaken or study them. Only files the kubelet actually uses are judged (the
#   one --config names, else the platform's default location, and the drop-ins); a
#   kubelet configured by flags alone is skipped. The managed-cluster CIS benchmarks
#   (EKS, GKE) ask for 0644 or stricter: nobody but root may change the files; the CIS
#   Kubernetes Benchmark asks for 0600 (KA-FILE-022).
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
#     description: Kubelet configuration (v1beta1)
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-031
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chmod 644 <file>` (or stricter) on every file named in the finding (EKS:
#     /etc/kubernetes/kubelet/kubelet-config.json and its config.json.d drop-ins; GKE:
#     /home/kubernetes/kubelet-config.yaml).
package kubeassay.checks.node.file_kubelet_config_mode_644

import data.kubeassay.lib.node

roles := {"kubelet-config", "kubelet-config-dropin"}

what := "kubelet configuration file"

skip := node.kubelet_config_skip(roles, what)

unknown := node.mode_unknown_reason(roles, what)

# 420 is 0644: no permission bit outside it may be set.
deny contains f if some f in node.wider_than(roles, what, 420)
