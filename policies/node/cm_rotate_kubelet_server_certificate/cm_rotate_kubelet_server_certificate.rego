# METADATA
# title: Controller manager keeps kubelet serving certificate rotation on
# description: |
#   The RotateKubeletServerCertificate feature gate lets the controller manager's
#   signer issue and renew kubelet serving certificates. It is on by default; the
#   check fails only when --feature-gates turns it off.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/
#     description: Kubelet TLS bootstrapping and certificate rotation
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-CM-005
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Remove RotateKubeletServerCertificate=false from --feature-gates. In a kubeadm
#     cluster edit /etc/kubernetes/manifests/kube-controller-manager.yaml on every
#     control plane node and put the same setting under `controllerManager.extraArgs`
#     of the ClusterConfiguration; on k3s and RKE2 use `kube-controller-manager-arg`.
package kubeassay.checks.node.cm_rotate_kubelet_server_certificate

import data.kubeassay.lib.node

component := "kube-controller-manager"

skip := node.component_skip(component)

unknown := node.flags_unknown(component, ["feature-gates"])

# The gate is on unless --feature-gates turns it off.
deny contains node.finding(msg, node.flag_path(component, "feature-gates"), node.flag_value(c, "feature-gates")) if {
	c := node.components[component]
	value := node.gate(c, "RotateKubeletServerCertificate")
	not node.is_true(value)
	msg := sprintf("%s --feature-gates sets RotateKubeletServerCertificate=%s (%s); want true", [component, value, node.origin(node.flag_source(c, "feature-gates"))])
}
