# METADATA
# title: Kubernetes object helpers
# description: |
#   Finds the pod template of any workload kind and enumerates its containers
#   (init, regular and ephemeral) and volumes, each with the field path that a
#   finding should name. A check written against these helpers works unchanged
#   for Pods, Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs
#   and ReplicationControllers.
package kubeassay.lib.kubernetes

# Where each workload kind keeps its pod template, as a path from the object's
# root. A Pod is its own template. checks/workload.go holds the same table; a
# test keeps the two in step.
template_paths := {
	"Pod": [],
	"Deployment": ["spec", "template"],
	"ReplicaSet": ["spec", "template"],
	"StatefulSet": ["spec", "template"],
	"DaemonSet": ["spec", "template"],
	"Job": ["spec", "template"],
	"ReplicationController": ["spec", "template"],
	"CronJob": ["spec", "jobTemplate", "spec", "template"],
}

is_workload if template_paths[input.kind]

# pod_template is the object holding the pod's metadata and spec.
pod_template := input if input.kind == "Pod"

pod_template := object.get(input, template_paths[input.kind], {}) if input.kind != "Pod"

pod_spec := object.get(pod_template, "spec", {}) if is_workload

pod_metadata := object.get(pod_template, "metadata", {}) if is_workload

pod_annotations := object.get(pod_metadata, "annotations", {})

# prefix is the dotted path of the pod template, "" for a Pod.
prefix := concat(".", template_paths[input.kind])

# path turns a path relative to the pod template ("spec.hostPID") into one
# relative to the object's root ("spec.template.spec.hostPID").
path(p) := p if prefix == ""

path(p) := concat(".", [prefix, p]) if prefix != ""

container_fields := ["initContainers", "containers", "ephemeralContainers"]

# spec_prefix is the path of the pod spec with a trailing dot:
# "spec." for a Pod, "spec.template.spec." for a Deployment.
spec_prefix := path("spec.")

# Every container and volume in valid input has a name; "" stands in when a
# malformed manifest lacks one.

# containers holds one entry per container of every type:
#   {"container": <the container>, "name": "app", "type": "containers",
#    "path": "spec.template.spec.containers[0]"}
containers contains c if {
	some field in container_fields
	some i, ctr in object.get(pod_spec, field, [])
	c := {
		"container": ctr,
		"name": object.get(ctr, "name", ""),
		"type": field,
		"path": sprintf("%s%s[%d]", [spec_prefix, field, i]),
	}
}

# volumes holds one entry per pod volume: {"volume", "name", "path"}.
volumes contains v if {
	some i, vol in object.get(pod_spec, "volumes", [])
	v := {
		"volume": vol,
		"name": object.get(vol, "name", ""),
		"path": sprintf("%svolumes[%d]", [spec_prefix, i]),
	}
}

# label names a container for messages: `container "app"`,
# `init container "setup"`, `ephemeral container "debug"`.
label(c) := sprintf("%s %q", [container_kinds[c.type], c.name])

container_kinds := {
	"containers": "container",
	"initContainers": "init container",
	"ephemeralContainers": "ephemeral container",
}

# security_context returns a container's securityContext, or {}.
security_context(c) := object.get(c.container, "securityContext", {})

# pod_security_context returns the pod's securityContext, or {}.
pod_security_context := object.get(pod_spec, "securityContext", {})

# finding builds the object every check returns.
finding(msg, p, value) := {"msg": msg, "path": p, "value": value}

# contexts holds the pod's securityContext and each container's, like
# security_contexts, but leaves the strings a finding needs to owner(sc) and
# the path of the pod spec or container it belongs to, so that they are built
# only for a finding:
#   {"context": <the securityContext, or {}>, "type": "pod" | c.type,
#    "name": "" | c.name, "path": "spec" | c.path}
# The field path of a setting is sprintf("%s.securityContext.<field>", [sc.path]).
contexts contains {
	"context": pod_security_context,
	"type": "pod",
	"name": "",
	"path": path("spec"),
} if is_workload

contexts contains sc if {
	some c in containers
	sc := {
		"context": security_context(c),
		"type": c.type,
		"name": c.name,
		"path": c.path,
	}
}

# owner names the owner of a contexts entry: "pod", or label(c).
owner(sc) := "pod" if sc.type == "pod"

else := label(sc)

# security_contexts holds the pod's securityContext and each container's, for
# the checks whose field may be set at either level:
#   {"owner": "pod" | label(c), "context": <the securityContext, or {}>,
#    "path": "spec.securityContext" | "spec.containers[0].securityContext"}
# The path is absolute for the input's kind, like the containers' paths.
security_contexts contains {
	"owner": owner(sc),
	"context": sc.context,
	"path": concat("", [sc.path, ".securityContext"]),
} if some sc in contexts

# user_namespace_pod holds when the pod asks for its own user namespace
# (spec.hostUsers: false). The Pod Security Standards relax some rules for
# such pods (procMount at baseline, runAsNonRoot and runAsUser at restricted).
user_namespace_pod if pod_spec.hostUsers == false

# windows_pod holds when spec.os.name is "windows". Restricted rules on
# Linux-only fields (allowPrivilegeEscalation, seccomp, capabilities) exempt
# such pods.
windows_pod if pod_spec.os.name == "windows"

# annotation_path names a pod annotation: `metadata.annotations["key"]`, made
# absolute for the input's kind.
annotation_path(key) := path(sprintf("metadata.annotations[%q]", [key]))

# disallowed_seccomp is a finding for each security context (the pod's, a
# container's) that sets a seccomp profile other than RuntimeDefault or
# Localhost (Baseline and Restricted alike).
disallowed_seccomp contains {"msg": msg, "path": path, "value": type} if {
	some sc in contexts
	profile := sc.context.seccompProfile
	profile != null
	type := seccomp_profile_type(profile)
	not type in {"RuntimeDefault", "Localhost"}
	msg := sprintf("%s sets seccomp profile type %v", [owner(sc), json.marshal(type)])
	path := sprintf("%s.securityContext.seccompProfile.type", [sc.path])
}

seccomp_profile_type(profile) := profile.type if profile.type != null

else := null
