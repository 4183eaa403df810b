# METADATA
# title: Kubelet manages its iptables utility chains
# description: |
#   With makeIPTablesUtilChains (default true) the kubelet creates and keeps the
#   iptables chains that drop marked and invalid packets, so that its rules stay in
#   step with pod networking rather than being hand-maintained. The value is the
#   kubelet's effective setting: its --config file, then the drop-ins under
#   --config-dir, then command-line flags, then the defaults, which differ with and
#   without --config; the message says which layer set it.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
#     description: Kubelet configuration (v1beta1)
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-KUBELET-004
#   severity: low
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Remove `makeIPTablesUtilChains: false` (or --make-iptables-util-chains=false),
#     or set it to true. On kubeadm nodes change /var/lib/kubelet/config.yaml (and
#     the kubelet ConfigMap in kube-system, so that `kubeadm upgrade` keeps it) or
#     add a drop-in under --config-dir, remove any flag that overrides it in
#     /var/lib/kubelet/kubeadm-flags.env or the systemd drop-in, then `systemctl
#     restart kubelet`. On k3s and RKE2 use `kubelet-arg`.
package kubeassay.checks.node.kubelet_make_iptables_util_chains

import data.kubeassay.lib.node

component := "kubelet"

key := "makeIPTablesUtilChains"

skip := node.component_skip(component)

unknown := node.settings_unknown(component, [key])

deny contains f if some f in node.setting_not_true(component, key)
