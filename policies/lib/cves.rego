# METADATA
# title: Kubernetes vulnerabilities, as of a date
# description: |
#   Vulnerabilities of kube-apiserver and the kubelet that the Kubernetes
#   Security Response Committee announced with affected version ranges and
#   fixed releases, for the check of known-vulnerable versions (KA-VER-002).
#   Kept in the repository: nothing is fetched when a scan runs. as_of is the
#   day the list was gathered (from the announcement issues of
#   kubernetes/kubernetes, labelled official-cve-feed, and the CVE records of
#   the Kubernetes CNA where an issue's text did not state the fixed
#   releases); newest_announcement the newest one it holds. Left out: those
#   with no fixed release (CVE-2024-7598, CVE-2025-1767: no version avoids
#   them) and those of other components. Ranges are inclusive; a range
#   without "from" reaches back to every older release.
package kubeassay.lib.cves

as_of := "2026-12-07"

newest_announcement := "2025-08-11"

vulnerabilities := [
	{
		"id": "CVE-2024-3177",
		"title": "Bypassing mountable secrets policy imposed by the ServiceAccount admission plugin",
		"component": "kube-apiserver",
		"severity": "low",
		"announced": "2024-04-16",
		"affected": [{"from": "1.29.0", "to": "1.29.3"}, {"from": "1.28.0", "to": "1.28.8"}, {"to": "1.27.12"}],
		"fixed": ["1.29.4", "1.28.9", "1.27.13"],
		"conditions": "Only if the ServiceAccount admission plugin is used, a service account carries the kubernetes.io/enforce-mountable-secrets annotation, and pods use containers, init containers or ephemeral containers with envFrom populated.",
		"source": "https://github.com/kubernetes/kubernetes/issues/124336",
	},
	{
		"id": "CVE-2024-5321",
		"title": "Incorrect permissions on Windows containers logs",
		"component": "kubelet",
		"severity": "medium",
		"announced": "2024-07-17",
		"affected": [{"from": "1.30.0", "to": "1.30.2"}, {"from": "1.29.0", "to": "1.29.6"}, {"from": "1.28.0", "to": "1.28.11"}, {"to": "1.27.15"}],
		"fixed": ["1.30.3", "1.29.7", "1.28.12", "1.27.16"],
		"conditions": "Only nodes running Windows (\"Any Kubernetes environment with Windows nodes is affected\"); Linux nodes are not affected.",
		"source": "https://github.com/kubernetes/kubernetes/issues/126161",
	},
	{
		"id": "CVE-2024-10220",
		"title": "Arbitrary command execution through gitRepo volume",
		"component": "kubelet",
		"severity": "high",
		"announced": "2024-11-20",
		"affected": [{"from": "1.30.0", "to": "1.30.2"}, {"from": "1.29.0", "to": "1.29.6"}, {"to": "1.28.11"}],
		"fixed": ["1.30.3", "1.29.7", "1.28.12"],
		"conditions": "Only when pods use the in-tree gitRepo volume to clone a repository to a subdirectory.",
		"source": "https://github.com/kubernetes/kubernetes/issues/128885",
	},
	{
		"id": "CVE-2024-9042",
		"title": "Command Injection affecting Windows nodes via nodes/*/logs/query API",
		"component": "kubelet",
		"severity": "medium",
		"announced": "2025-01-15",
		"affected": [{"from": "1.32.0", "to": "1.32.0"}, {"from": "1.31.0", "to": "1.31.4"}, {"from": "1.30.0", "to": "1.30.8"}, {"to": "1.29.12"}],
		"fixed": ["1.32.1", "1.31.5", "1.30.9", "1.29.13"],
		"conditions": "Only Windows worker nodes, exploitable by a user who can query a node's /logs endpoint (AKS says the NodeLogQuery kubelet feature must be on; that is not stated in the announcement).",
		"source": "https://github.com/kubernetes/kubernetes/issues/129654",
	},
	{
		"id": "CVE-2025-0426",
		"title": "Node Denial of Service via kubelet Checkpoint API",
		"component": "kubelet",
		"severity": "medium",
		"announced": "2025-02-06",
		"affected": [{"from": "1.32.0", "to": "1.32.1"}, {"from": "1.31.0", "to": "1.31.5"}, {"from": "1.30.0", "to": "1.30.9"}],
		"fixed": ["1.32.2", "1.31.6", "1.30.10", "1.29.14"],
		"conditions": "Only with the kubelet read-only HTTP port enabled and a runtime that supports container checkpointing (CRI-O v1.25.0+ with enable_criu_support=true, or containerd v2.0+ with criu installed); on 1.25-1.29 only if the alpha ContainerCheckpoint feature was opted into.",
		"source": "https://github.com/kubernetes/kubernetes/issues/130016",
	},
	{
		"id": "CVE-2025-4563",
		"title": "Nodes can bypass dynamic resource allocation authorization checks",
		"component": "kube-apiserver",
		"severity": "low",
		"announced": "2025-06-06",
		"affected": [{"from": "1.32.0", "to": "1.32.5"}, {"from": "1.33.0", "to": "1.33.1"}],
		"fixed": ["1.32.6", "1.33.2"],
		"conditions": "Only clusters that use the DynamicResourceAllocation feature (disabled by default) together with static pods, via the NodeRestriction admission controller and a compromised node.",
		"source": "https://github.com/kubernetes/kubernetes/issues/132151",
	},
	{
		"id": "CVE-2025-5187",
		"title": "Nodes can delete themselves by adding an OwnerReference",
		"component": "kube-apiserver",
		"severity": "medium",
		"announced": "2025-08-11",
		"affected": [{"from": "1.33.0", "to": "1.33.3"}, {"from": "1.32.0", "to": "1.32.7"}, {"from": "1.31.0", "to": "1.31.11"}],
		"fixed": ["1.33.4", "1.32.8", "1.31.12"],
		"conditions": "Clusters that enable the NodeRestriction admission controller but not OwnerReferencesPermissionEnforcement; needs a compromised node's credentials.",
		"source": "https://github.com/kubernetes/kubernetes/issues/133471",
	},
]

# parse(version) is [major, minor, patch] of a version as Kubernetes reports
# it (v1.32.7, v1.32.7-eks-4b5b5e8, 1.33.1+k3s1); undefined when it is not
# one with a patch number.
parse(version) := [to_number(m[1]), to_number(m[2]), to_number(m[3])] if {
	is_string(version)
	m := regex.find_all_string_submatch_n(`^v?(\d+)\.(\d+)\.(\d+)([-+].*)?$`, version, 1)[0]
}

# at_most(a, b) holds when version a (parsed) is not newer than b.
at_most(a, b) if a == b

at_most(a, b) if a[0] < b[0]

at_most(a, b) if {
	a[0] == b[0]
	a[1] < b[1]
}

at_most(a, b) if {
	a[0] == b[0]
	a[1] == b[1]
	a[2] < b[2]
}

in_range(v, r) if {
	not r.from
	at_most(v, parse(r.to))
}

in_range(v, r) if {
	at_most(parse(r.from), v)
	at_most(v, parse(r.to))
}

# affecting(component, version) is every vulnerability of the component
# whose affected ranges hold the version.
affecting(component, version) := [x |
	some x in vulnerabilities
	x.component == component
	v := parse(version)
	some r in x.affected
	in_range(v, r)
]

# age_days is how old the list is, in days, at the time of the scan.
age_days := (time.now_ns() - time.parse_ns("2006-01-02", as_of)) / ((24 * 60) * 60e9)

stale if age_days > 183
