# METADATA
# title: API server names the keys that verify service account tokens
# description: |
#   --service-account-key-file lists the public keys (the flag may repeat) the API
#   server verifies service account tokens with. Naming them explicitly lets keys be
#   rotated: the old public key stays listed while new tokens are signed with the new
#   private key. A warning names a listed file that does not exist.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/
#     description: Managing service accounts
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-017
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Set --service-account-key-file to the public key matching
#     --service-account-signing-key-file (kubeadm: /etc/kubernetes/pki/sa.pub) and to
#     any key still being phased out. In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-apiserver.yaml on every control plane node (the
#     kubelet restarts the API server) and put the same setting under
#     `apiServer.extraArgs` of the ClusterConfiguration so that upgrades keep it; on
#     k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_service_account_key_file

import data.kubeassay.lib.node

component := "kube-apiserver"

flags := ["service-account-key-file"]

skip := node.component_skip(component)

unknown := node.flags_unknown(component, flags)

deny contains f if some f in node.unset_flags(component, flags, "service account tokens are verified with whatever key the API server falls back to")

# A named file that is not on the node: the component cannot use it.
warn contains node.finding(msg, sprintf("%s.exists", [node.file_path(f)]), false) if {
	c := node.components[component]
	some name in flags
	some path in node.flag_values(c, name) # the flag accumulates: every value is used
	f := node.file(path)
	f.exists == false
	msg := sprintf("%s --%s names %s, which does not exist on this node", [component, name, path])
}
