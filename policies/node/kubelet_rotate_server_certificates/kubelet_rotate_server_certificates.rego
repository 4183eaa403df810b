# METADATA
# title: Kubelet renews its serving certificate through the cluster
# description: |
#   With serverTLSBootstrap (--rotate-server-certificates) and the
#   RotateKubeletServerCertificate feature gate (on by default), the kubelet requests
#   its serving certificate through the CSR API and requests a new one before it
#   expires. This check fails when the feature gate is turned off, or when
#   serverTLSBootstrap is not true while the kubelet has no tlsCertFile (it then
#   serves a self-signed certificate that nothing renews). A kubelet given a
#   certificate with tlsCertFile and tlsPrivateKeyFile and without serverTLSBootstrap
#   is skipped: its certificate comes from outside the cluster (on k3s and RKE2, from
#   the supervisor), and renewing it is up to whoever issues it. Every value is the
#   kubelet's effective setting; the message says which layer set it.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/#certificate-rotation
#     description: Kubelet serving certificate rotation
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-KUBELET-008
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Remove RotateKubeletServerCertificate=false from the kubelet's feature gates
#     (featureGates in its configuration, or --feature-gates), set
#     `serverTLSBootstrap: true`, restart the kubelet, and make sure kubelet-serving
#     CSRs are approved (`kubectl get csr`), by hand or by an approver you trust.
package kubeassay.checks.node.kubelet_rotate_server_certificates

import data.kubeassay.lib.node

component := "kubelet"

gate := "featureGates.RotateKubeletServerCertificate"

keys := [gate, "serverTLSBootstrap", "tlsCertFile", "tlsPrivateKeyFile"]

nonempty(c, key) if {
	v := node.setting(c, key).value
	is_string(v)
	trim_space(v) != ""
}

# bootstrap is true when serverTLSBootstrap is known to be true.
bootstrap(c) if node.is_true(node.setting(c, "serverTLSBootstrap").value)

# no_bootstrap(c): serverTLSBootstrap is known and not true, or left to its
# default by k3s/rke2, which serve a certificate of their own and do not
# turn it on. A value that could not be read is not "off": the check is
# then undecided, not skipped.
no_bootstrap(c) if {
	st := node.setting(c, "serverTLSBootstrap")
	not node.is_true(st.value)
}

no_bootstrap(c) if {
	node.embedded(c)
	node.recorded_setting(c, "serverTLSBootstrap").source in {"default", "unset"}
}

skip := reason if {
	reason := node.component_skip(component)
} else := reason if {
	c := node.components[component]
	nonempty(c, "tlsCertFile")
	nonempty(c, "tlsPrivateKeyFile")
	no_bootstrap(c)
	reason := sprintf("the kubelet serves the certificate its tlsCertFile names (%s), issued outside the cluster's CSR API; renewing it is up to its issuer", [node.setting(c, "tlsCertFile").value])
}

unknown := node.settings_unknown(component, keys)

deny contains node.finding(msg, node.setting_path(component, gate), st.value) if {
	c := node.components[component]
	st := node.setting(c, gate)
	node.is_false(st.value)
	msg := sprintf("%s: the kubelet never renews its serving certificate; want true", [node.describe_setting(component, gate, c, st)])
}

deny contains node.finding(msg, node.setting_path(component, "serverTLSBootstrap"), st.value) if {
	c := node.components[component]
	st := node.setting(c, "serverTLSBootstrap")
	not node.is_true(st.value)
	not nonempty(c, "tlsCertFile")
	node.setting(c, "tlsCertFile")
	msg := sprintf("%s and no tlsCertFile is set: the kubelet serves a self-signed certificate that nothing renews; want true", [node.describe_setting(component, "serverTLSBootstrap", c, st)])
}
