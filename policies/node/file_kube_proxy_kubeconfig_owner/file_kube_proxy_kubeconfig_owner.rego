# METADATA
# title: kube-proxy kubeconfig on the node is owned by root:root
# description: |
#   Whoever owns kube-proxy's kubeconfig (its --kubeconfig, or
#   clientConnection.kubeconfig in its --config file; else the platform's default
#   location) can point kube-proxy at another API server or swap its credential.
#   When it is a file on the node it must belong to root:root. A kubeconfig that
#   exists only inside kube-proxy's container (found through /proc/<pid>/root) is not
#   a file on the node and is skipped, as is a node where no such file exists. When
#   kube-proxy's configuration could not be read, which file it uses is unknown and
#   the check is undecided. On k3s and RKE2, whose built-in kube-proxy arguments are
#   not recorded, the platform's kubeconfig at its default location is judged.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/kube-proxy/
#     description: kube-proxy
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-025
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chown root:root <file>` on the kube-proxy kubeconfig named in the finding.
package kubeassay.checks.node.file_kube_proxy_kubeconfig_owner

import data.kubeassay.lib.node

roles := {"kube-proxy-kubeconfig"}

what := "kube-proxy kubeconfig"

in_container(f) if regex.match(`^/proc/[0-9]+/root/`, f.path)

key := "clientConnection.kubeconfig"

# config_unknown says why the kubeconfig kube-proxy uses cannot be known: its
# configuration could not be read. A kube-proxy inside k3s or RKE2 that leaves
# the setting to the supervisor's built-in arguments uses the platform's
# kubeconfig, which the facts record at its default location: that file is
# judged.
config_unknown := reason if {
	reason := node.settings_unknown("kube-proxy", [key])
	not left_to_supervisor
}

left_to_supervisor if {
	c := node.components["kube-proxy"]
	node.embedded(c)
	node.recorded_setting(c, key).source in {"default", "unset"}
}

skip := reason if {
	not config_unknown
	reason := node.files_skip(roles, "kube-proxy", what)
} else := reason if {
	not config_unknown
	inside := sort([f.path | some f in node.existing(roles); in_container(f)])
	count(inside) > 0
	every f in node.existing(roles) {
		in_container(f)
	}
	reason := sprintf("the kube-proxy kubeconfig %s is inside kube-proxy's container, not a file on the node", [concat(", ", inside)])
}

unknown := config_unknown

unknown := reason if {
	not config_unknown
	reason := node.files_unknown(roles, what, "ownership", {f | some f in node.owner_unknown(roles, "root", "root"); not in_container(f)})
}

deny contains f if {
	some f in node.not_owned_by(roles, what, "root", "root")
	not startswith(f.path, "files[/proc/")
}
