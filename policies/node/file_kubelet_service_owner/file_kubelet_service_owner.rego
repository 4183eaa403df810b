# METADATA
# title: "Kubelet service files are owned by root:root"
# description: |
#   The owner of the kubelet's systemd unit or drop-in can change the kubelet's
#   command line, and the kubelet runs as root. Only root may own them.
# related_resources:
#   - ref: https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/kubelet-integration/
#     description: Configuring each kubelet with kubeadm
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-019
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chown root:root <file>` on every unit file and drop-in named in the
#     finding, then `systemctl daemon-reload`.
package kubeassay.checks.node.file_kubelet_service_owner

import data.kubeassay.lib.node

roles := {"kubelet-service", "kubelet-service-dropin"}

what := "kubelet service file"

skip := node.files_skip(roles, "kubelet", what)

unknown := node.owner_unknown_reason(roles, what, "root", "root")

deny contains f if some f in node.not_owned_by(roles, what, "root", "root")
