# METADATA
# title: Secrets read into environment variables
# description: |
#   A Secret given to a container as an environment variable is easier to leak
#   than one mounted as a file: environment variables are copied to every child
#   process, shown by debugging tools and crash reports, and often logged by
#   applications that print their configuration. CIS 5.4.1 prefers Secrets as
#   files.
#   Restricted fields: env[*].valueFrom.secretKeyRef and envFrom[*].secretRef of
#   spec.containers, spec.initContainers and spec.ephemeralContainers.
#   Allowed values: undefined. Each finding names the container, the variable
#   (or the envFrom entry) and the Secret and key it reads; no value of a Secret
#   is ever read.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod
#     description: Kubernetes documentation, using Secrets as files from a pod
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.4.1)
# custom:
#   id: KA-POD-022
#   severity: low
#   subject: pod
#   remediation: |
#     Mount the Secret as a volume (a secret volume, or a projected volume) and
#     have the application read the file; where the application reads only
#     environment variables, point it at the file (many accept a *_FILE
#     variable) or use a wrapper that reads the file at start.
package kubeassay.checks.pod.secret_env

import data.kubeassay.lib.kubernetes as k8s

list(c, field) := l if {
	l := object.get(c.container, field, [])
	is_array(l)
} else := []

field(obj, name) := v if {
	is_object(obj)
	v := object.get(obj, name, null)
} else := null

deny contains k8s.finding(msg, path, secret) if {
	some c in k8s.containers
	some i, e in list(c, "env")
	ref := field(field(e, "valueFrom"), "secretKeyRef")
	ref != null
	secret := sprintf("%v", [field(ref, "name")])
	msg := sprintf("%s reads key %q of Secret %q into environment variable %q", [
		k8s.label(c), sprintf("%v", [field(ref, "key")]), secret, sprintf("%v", [field(e, "name")]),
	])
	path := sprintf("%s.env[%d].valueFrom.secretKeyRef", [c.path, i])
}

deny contains k8s.finding(msg, path, secret) if {
	some c in k8s.containers
	some i, e in list(c, "envFrom")
	ref := field(e, "secretRef")
	ref != null
	secret := sprintf("%v", [field(ref, "name")])
	msg := sprintf("%s loads every key of Secret %q into its environment%s", [k8s.label(c), secret, prefix(e)])
	path := sprintf("%s.envFrom[%d].secretRef", [c.path, i])
}

prefix(e) := sprintf(" (prefix %q)", [p]) if {
	p := field(e, "prefix")
	is_string(p)
	p != ""
} else := ""
