# METADATA
# title: Containers pull their image every time they start
# description: |
#   With imagePullPolicy IfNotPresent or Never, a container runs whatever copy of
#   its image the node holds already. The kubelet checks the pull credentials only
#   when it pulls, so a pod of another team on the same node can start a private
#   image it could not pull itself, and a tag moved to a fixed build is never
#   fetched. With Always the kubelet asks the registry each time a container
#   starts (layers it holds are not downloaded again). A container that sets no
#   imagePullPolicy is judged as the API server defaults it: Always for an image
#   tagged latest or not tagged at all, IfNotPresent for any other tag or a digest.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy
#     description: Kubernetes documentation, Image pull policy
# custom:
#   id: ACME-POD-001
#   severity: medium
#   subject: pod
#   remediation: |
#     Set imagePullPolicy: Always on every container, init container and ephemeral
#     container. On clusters whose nodes are shared between teams, also enable the
#     AlwaysPullImages admission plugin.
package kubeassay.checks.acme.pod.image_pull_always

import data.kubeassay.lib.kubernetes as k8s

policy(c) := object.get(c.container, "imagePullPolicy", "")

image(c) := object.get(c.container, "image", "")

# tag is the image's tag, "" when it has none: what follows the last ":" of
# its last path segment, before any digest ("registry:5000/app" has none).
tag(img) := t if {
	segments := split(split(img, "@")[0], "/")
	last := segments[count(segments) - 1]
	contains(last, ":")
	t := split(last, ":")[1]
} else := ""

# defaulted is the policy the API server gives a container that sets none.
defaulted(img) := "Always" if {
	tag(img) == "latest"
} else := "Always" if {
	tag(img) == ""
	not contains(img, "@")
} else := "IfNotPresent"

deny contains k8s.finding(msg, path, p) if {
	some c in k8s.containers
	p := policy(c)
	not p in {"", "Always"}
	msg := sprintf("%s has imagePullPolicy %s", [k8s.label(c), p])
	path := sprintf("%s.imagePullPolicy", [c.path])
}

deny contains k8s.finding(msg, path, null) if {
	some c in k8s.containers
	policy(c) == ""
	img := image(c)
	img != ""
	defaulted(img) != "Always"
	msg := sprintf("%s sets no imagePullPolicy: image %s defaults it to %s", [k8s.label(c), img, defaulted(img)])
	path := sprintf("%s.imagePullPolicy", [c.path])
}

# A container with neither a policy nor an image (one that a later step
# fills in: kustomize, a mutating webhook) has no default to judge: the
# template is undecided, never clean.
unknown := sprintf("%s: no imagePullPolicy, and no image to default it from", [concat(", ", undecided)]) if {
	undecided := sort([k8s.label(c) | some c in k8s.containers; policy(c) == ""; image(c) == ""])
	count(undecided) > 0
}
