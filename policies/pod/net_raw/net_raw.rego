# METADATA
# title: Containers drop the NET_RAW capability
# description: |
#   Container runtimes grant NET_RAW by default (containerd and CRI-O both do):
#   with it a container can craft raw packets, spoof addresses and sniff the
#   traffic its network namespace sees. Every container (init and ephemeral
#   ones included) that does not drop NET_RAW, by name or with ALL, keeps it,
#   and so does one that adds it back. Dropping CAP_NET_RAW does not count:
#   containerd prefixes every name with CAP_, so it drops the unknown
#   CAP_CAP_NET_RAW and NET_RAW stays (CRI-O would strip the prefix). Adding
#   CAP_NET_RAW counts as adding it, on the runtimes that strip the prefix. Windows pods are left aside (they have
#   no Linux capabilities).
# related_resources:
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
#     description: Kubernetes documentation, capabilities of a container
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.2.8)
# custom:
#   id: KA-POD-043
#   severity: medium
#   subject: pod
#   remediation: |
#     Add `securityContext.capabilities.drop: ["ALL"]` to every container (and add
#     back only what it needs, never NET_RAW); ping and traceroute are the usual
#     reasons to keep it, and rarely belong in a production image.
package kubeassay.checks.pod.net_raw

import data.kubeassay.lib.kubernetes as k8s

drops(c) if {
	some d in object.get(c.container, ["securityContext", "capabilities", "drop"], [])
	upper(d) in {"ALL", "NET_RAW"}
}

adds(c) := i if {
	some i, a in object.get(c.container, ["securityContext", "capabilities", "add"], [])
	upper(a) in {"ALL", "NET_RAW", "CAP_NET_RAW"}
}

deny contains {"msg": msg, "path": sprintf("%s.securityContext.capabilities.drop", [c.path]), "value": object.get(c.container, ["securityContext", "capabilities", "drop"], null)} if {
	not k8s.windows_pod
	some c in k8s.containers
	not drops(c)
	msg := sprintf("%s keeps NET_RAW (its capabilities.drop has neither ALL nor NET_RAW)", [k8s.label(c)])
}

deny contains {"msg": msg, "path": sprintf("%s.securityContext.capabilities.add[%d]", [c.path, i]), "value": c.container.securityContext.capabilities.add[i]} if {
	not k8s.windows_pod
	some c in k8s.containers
	drops(c)
	i := adds(c)
	msg := sprintf("%s adds NET_RAW back", [k8s.label(c)])
}
