# METADATA
# title: AppArmor profile overridden
# description: |
#   On nodes with AppArmor, the container runtime confines every container
#   with its default profile. Setting the profile to Unconfined (or to a type
#   the runtime does not know) removes that confinement. Pod Security
#   Standards, Baseline (AppArmor).
#   Restricted fields: spec.securityContext.appArmorProfile.type and
#   securityContext.appArmorProfile.type of every init, regular and ephemeral
#   container (allowed: undefined, RuntimeDefault, Localhost); the deprecated
#   annotations metadata.annotations["container.apparmor.security.beta.kubernetes.io/*"]
#   (allowed: undefined, empty, runtime/default, localhost/*).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, AppArmor
#   - ref: https://kubernetes.io/docs/tutorials/security/apparmor/
#     description: Restrict a container's access to resources with AppArmor
# custom:
#   id: KA-POD-007
#   severity: medium
#   subject: pod
#   remediation: |
#     Remove the appArmorProfile setting (the runtime default applies), or set
#     its type to RuntimeDefault, or to Localhost with a profile loaded on the
#     nodes. Replace the deprecated container.apparmor.security.beta.kubernetes.io
#     annotations with securityContext.appArmorProfile.
package kubeassay.checks.pod.apparmor

import data.kubeassay.lib.kubernetes as k8s

allowed_types := {"RuntimeDefault", "Localhost"}

annotation_prefix := "container.apparmor.security.beta.kubernetes.io/"

deny contains {"msg": msg, "path": path, "value": type} if {
	some sc in k8s.contexts
	profile := sc.context.appArmorProfile
	profile != null
	type := profile_type(profile)
	not type in allowed_types
	msg := sprintf("%s sets AppArmor profile type %v", [k8s.owner(sc), json.marshal(type)])
	path := sprintf("%s.securityContext.appArmorProfile.type", [sc.path])
}

deny contains {"msg": msg, "path": k8s.annotation_path(key), "value": value} if {
	some key, value in k8s.pod_annotations
	startswith(key, annotation_prefix)
	not allowed_annotation_value(value)
	msg := sprintf("annotation %q sets AppArmor profile %v", [key, json.marshal(value)])
}

profile_type(profile) := profile.type if profile.type != null

else := null

allowed_annotation_value("")

allowed_annotation_value("runtime/default")

allowed_annotation_value(value) if {
	is_string(value)
	startswith(value, "localhost/")
}
