# METADATA
# title: The API server and kubelets run a supported Kubernetes version
# description: |
#   Upstream Kubernetes fixes security issues only in its three newest minor
#   releases. An API server or kubelet of an older minor gets no fix for what
#   is found after its end of life, and every vulnerability fixed since stays
#   open. The API server's version and each kubelet version the nodes report
#   are judged against the supported minors of the release data shipped with
#   kubeassay (policies/lib/releases.rego, dated); a version newer than the data
#   knows passes. Providers may patch older versions for longer (EKS and GKE
#   extended support, AKS long-term support): the finding says so, and whether
#   the provider's support covers the cluster is for a person to confirm. When
#   the nodes could not be listed the kubelets cannot be judged: ERROR, never
#   PASS. The check warns once its data is older than six months.
# related_resources:
#   - ref: https://kubernetes.io/releases/version-skew-policy/#supported-versions
#     description: Kubernetes version skew policy, supported versions
#   - ref: https://kubernetes.io/releases/
#     description: Kubernetes releases and their end of life
# custom:
#   id: KA-VER-001
#   severity: high
#   subject: object
#   kinds: [ClusterVersion]
#   remediation: |
#     Upgrade the control plane, then the nodes, one minor version at a time, to a
#     supported minor release (the finding lists them); on a managed cluster use the
#     provider's upgrade (`aws eks update-cluster-version`, `gcloud container clusters
#     upgrade`, `az aks upgrade`), then upgrade each node pool.
package kubeassay.checks.cluster.supported_version

import data.kubeassay.lib.releases

window := sprintf("supported minors as of %s: %s", [releases.as_of, concat(", ", releases.supported)])

provider_note := " (the provider may still patch it under extended or long-term support: confirm)" if {
	input.platform in {"eks", "gke", "aks"}
} else := ""

server_minor := releases.minor_of(input.serverVersion)

unknowns contains sprintf("the API server's version %v cannot be read as a Kubernetes 1.x version", [json.marshal(object.get(input, "serverVersion", null))]) if {
	not server_minor
}

unknowns contains sprintf("the kubelets' versions are not known: %s", [input.kubeletsUnknown]) if {
	input.kubeletsUnknown
}

unknowns contains sprintf("%d node(s) report kubelet version %v, which cannot be read as a Kubernetes 1.x version", [n, json.marshal(v)]) if {
	some v, n in object.get(input, "kubelets", {})
	not releases.minor_of(v)
}

unknown := concat("; ", sort(unknowns)) if count(unknowns) > 0

deny contains {"msg": msg, "path": "serverVersion", "value": input.serverVersion} if {
	server_minor < releases.oldest_supported
	msg := sprintf("the API server runs %s, a minor release upstream no longer patches (%s)%s", [input.serverVersion, window, provider_note])
}

deny contains {"msg": msg, "path": sprintf("kubelets[%s]", [v]), "value": v} if {
	some v, n in object.get(input, "kubelets", {})
	releases.minor_of(v) < releases.oldest_supported
	msg := sprintf("%d node(s) run kubelet %s, a minor release upstream no longer patches (%s)%s", [n, v, window, provider_note])
}

warn contains {"msg": msg, "path": "", "value": releases.as_of} if {
	releases.stale
	msg := sprintf("the release data this check uses is of %s, more than six months old: newer releases, and the end of support of those it lists, are not known to it; update kubeassay", [releases.as_of])
}
