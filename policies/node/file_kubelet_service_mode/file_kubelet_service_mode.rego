# METADATA
# title: Kubelet service files are mode 0600 or stricter
# description: |
#   The systemd unit that starts the kubelet and its drop-ins (kubeadm:
#   10-kubeadm.conf; k3s and RKE2: the supervisor's unit and .env file) decide the
#   kubelet's command line and may carry tokens. Only root may change them, and
#   nobody else needs to read them.
# related_resources:
#   - ref: https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/kubelet-integration/
#     description: Configuring each kubelet with kubeadm
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-018
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chmod 600 <file>` on every unit file and drop-in named in the finding,
#     then `systemctl daemon-reload`.
package kubeassay.checks.node.file_kubelet_service_mode

import data.kubeassay.lib.node

roles := {"kubelet-service", "kubelet-service-dropin"}

what := "kubelet service file"

skip := node.files_skip(roles, "kubelet", what)

unknown := node.mode_unknown_reason(roles, what)

# 384 is 0600: no permission bit outside it may be set.
deny contains f if some f in node.wider_than(roles, what, 384)
