# METADATA
# title: Kubelet rotates its client certificate
# description: |
#   With rotateCertificates (--rotate-certificates) the kubelet requests a new client
#   certificate from the API server before the current one expires. The kubelet's own
#   default is false, so, unlike the benchmark's audit, an unset setting fails here
#   (kubeadm writes `rotateCertificates: true`). On k3s and RKE2 the supervisor
#   issues and renews the kubelet's client certificate itself, and a setting left at
#   its default is skipped there. The value is the kubelet's effective setting: its
#   --config file, then the drop-ins under --config-dir, then command-line flags,
#   then the defaults, which differ with and without --config; the message says which
#   layer set it.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/
#     description: Kubelet TLS bootstrapping and certificate rotation
#   - ref: https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
#     description: Kubelet configuration (v1beta1)
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-KUBELET-005
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set `rotateCertificates: true` in the kubelet configuration (or
#     --rotate-certificates), and let the controller manager approve and sign the
#     kubelet's CSRs. On kubeadm nodes change /var/lib/kubelet/config.yaml (and the
#     kubelet ConfigMap in kube-system, so that `kubeadm upgrade` keeps it) or add a
#     drop-in under --config-dir, remove any flag that overrides it in
#     /var/lib/kubelet/kubeadm-flags.env or the systemd drop-in, then `systemctl
#     restart kubelet`. On k3s and RKE2 use `kubelet-arg`.
package kubeassay.checks.node.kubelet_rotate_certificates

import data.kubeassay.lib.node

component := "kubelet"

key := "rotateCertificates"

skip := reason if {
	reason := node.component_skip(component)
} else := reason if {
	node.platform in {"k3s", "rke2"}
	node.setting(node.components[component], key).source == "default"
	reason := sprintf("%s issues and renews the kubelet's client certificate itself, and rotateCertificates is left at its default", [node.platform])
}

unknown := node.settings_unknown(component, [key])

deny contains f if some f in node.setting_not_true(component, key)
