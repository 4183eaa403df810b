# METADATA
# title: The kubelet does not override its hostname
# description: |
#   With --hostname-override the kubelet registers under a name other than the
#   host's, which can break the TLS between the API server and the kubelet
#   (the serving certificate names the real host) and lets a node claim
#   another node's identity in the node authorizer's eyes. The flag must not
#   be set. Some platforms set it on purpose (EKS sets the EC2 private DNS name,
#   RKE2 its node name); the finding says where it comes from so that such a
#   node can be accepted as a documented exception. Absence can only be judged
#   from a command line read whole: when the kubelet's was not read (found
#   through the platform profile, inside a k3s supervisor) or was cut short,
#   the setting is unknown and the check undecided.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/
#     description: Kubernetes documentation, kubelet command line (--hostname-override)
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (4.2.7)
# custom:
#   id: KA-KUBELET-013
#   severity: low
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Remove --hostname-override from the kubelet's command line (its systemd
#     unit, drop-ins or environment file) and restart the kubelet, after checking
#     that the host's own name is the one the node should register with.
package kubeassay.checks.node.kubelet_hostname_override

import data.kubeassay.lib.node

component := "kubelet"

key := "hostnameOverride"

skip := node.component_skip(component)

unknown := node.settings_unknown(component, [key])

deny contains node.finding(msg, node.setting_path(component, key), st.value) if {
	c := node.components[component]
	st := node.setting(c, key)
	st.value != null
	msg := sprintf("%s: the kubelet registers under a name other than the host's", [node.describe_setting(component, key, c, st)])
}
