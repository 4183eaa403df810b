# METADATA
# title: Kubelet serves a certificate the cluster can verify
# description: |
#   The API server connects to the kubelet's port 10250 for logs, exec and
#   port-forward. Unless the kubelet has tlsCertFile and tlsPrivateKeyFile
#   (--tls-cert-file, --tls-private-key-file) or serverTLSBootstrap
#   (--rotate-server-certificates: a serving certificate requested through the CSR
#   API and signed by the cluster), it generates a self-signed certificate in
#   --cert-dir, which the API server can only accept without verifying it. This
#   check passes with both files set (non-empty), or with serverTLSBootstrap true; it
#   fails otherwise, naming the effective settings and the layer that set them.
#   Whether the certificate's issuer is trusted by the API server
#   (--kubelet-certificate-authority) is KA-API-019 (CIS 1.2.5).
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/#certificate-rotation
#     description: Kubelet serving certificate rotation
#   - ref: https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
#     description: Kubelet configuration (v1beta1)
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-KUBELET-007
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set `serverTLSBootstrap: true` in the kubelet configuration and approve the
#     kubelet-serving CSRs with an approver you trust, or give the kubelet a
#     certificate signed by the cluster CA with `tlsCertFile` and
#     `tlsPrivateKeyFile`; restart the kubelet.
package kubeassay.checks.node.kubelet_tls_cert

import data.kubeassay.lib.node

component := "kubelet"

keys := ["tlsCertFile", "tlsPrivateKeyFile", "serverTLSBootstrap"]

skip := node.component_skip(component)

bootstrap(c) if node.is_true(node.setting(c, "serverTLSBootstrap").value)

nonempty(c, key) if {
	v := node.setting(c, key).value
	is_string(v)
	trim_space(v) != ""
}

files(c) if {
	nonempty(c, "tlsCertFile")
	nonempty(c, "tlsPrivateKeyFile")
}

# A known true serverTLSBootstrap, or both files known and set, decides
# whatever the other settings are.
unknown := reason if {
	c := node.components[component]
	not bootstrap(c)
	not files(c)
	reason := node.settings_unknown(component, keys)
}

deny contains node.finding(msg, node.setting_path(component, key), st.value) if {
	c := node.components[component]
	not unknown
	tls := node.setting(c, "serverTLSBootstrap")
	not node.is_true(tls.value)
	some key in ["tlsCertFile", "tlsPrivateKeyFile"]
	not nonempty(c, key)
	st := node.setting(c, key)
	msg := sprintf("%s and %s: the kubelet serves a self-signed certificate", [node.describe_setting(component, key, c, st), node.describe_setting(component, "serverTLSBootstrap", c, tls)])
}
