# METADATA
# title: The API server and kubelets run no Kubernetes version with a known vulnerability
# description: |
#   A Kubernetes patch release fixes the vulnerabilities announced before it.
#   The API server's version and each kubelet version the nodes report are
#   looked up in the list of kube-apiserver and kubelet vulnerabilities shipped
#   with kubeassay (policies/lib/cves.rego, dated): each one whose affected
#   ranges hold the version fails, with its CVE, severity, the releases that
#   fix it and when it applies (many need a feature or a platform to be
#   exploitable: the finding says which, for a person to judge). Vendors
#   backport fixes without changing the upstream patch number only in their own
#   suffix (v1.32.7-eks-...), so a finding on a managed cluster names the
#   provider's bulletin to confirm against. When the nodes could not be listed
#   the kubelets cannot be judged: ERROR, never PASS. The check warns once its
#   list is older than six months.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/issues-security/official-cve-feed/
#     description: Official Kubernetes CVE feed
#   - ref: https://kubernetes.io/releases/patch-releases/
#     description: Kubernetes patch releases
# custom:
#   id: KA-VER-002
#   severity: high
#   subject: object
#   kinds: [ClusterVersion]
#   remediation: |
#     Upgrade the control plane and the nodes to a patch release that fixes each
#     vulnerability listed (the finding names them); on a managed cluster use the
#     provider's upgrade and its security bulletins.
package kubeassay.checks.cluster.vulnerable_version

import data.kubeassay.lib.cves

managed_note := " (the provider may have backported the fix: confirm against its security bulletins)" if {
	input.platform in {"eks", "gke", "aks"}
} else := ""

describe(x) := sprintf("%s (%s: %s; fixed in %s; applies when: %s)", [x.id, x.severity, x.title, concat(", ", x.fixed), x.conditions])

unknowns contains sprintf("the API server's version %v cannot be read as a Kubernetes release", [json.marshal(object.get(input, "serverVersion", null))]) if {
	not cves.parse(input.serverVersion)
}

unknowns contains sprintf("the kubelets' versions are not known: %s", [input.kubeletsUnknown]) if {
	input.kubeletsUnknown
}

unknowns contains sprintf("%d node(s) report kubelet version %v, which cannot be read as a Kubernetes release", [n, json.marshal(v)]) if {
	some v, n in object.get(input, "kubelets", {})
	not cves.parse(v)
}

unknown := concat("; ", sort(unknowns)) if count(unknowns) > 0

deny contains {"msg": msg, "path": "serverVersion", "value": x.id} if {
	some x in cves.affecting("kube-apiserver", input.serverVersion)
	msg := sprintf("the API server runs %s, affected by %s%s", [input.serverVersion, describe(x), managed_note])
}

deny contains {"msg": msg, "path": sprintf("kubelets[%s]", [v]), "value": x.id} if {
	some v, n in object.get(input, "kubelets", {})
	some x in cves.affecting("kubelet", v)
	msg := sprintf("%d node(s) run kubelet %s, affected by %s%s", [n, v, describe(x), managed_note])
}

warn contains {"msg": msg, "path": "", "value": cves.as_of} if {
	cves.stale
	msg := sprintf("the vulnerability list this check uses is of %s, more than six months old: vulnerabilities announced since are not known to it; update kubeassay", [cves.as_of])
}
