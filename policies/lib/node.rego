# METADATA
# title: Node facts helpers
# description: |
#   Reads a NodeFacts document (docs/node-facts.md): the components found on
#   the node with their flags, the kubelet's and kube-proxy's effective
#   configuration with where each setting came from, the files the CIS
#   recommendations name with their roles, mode and owner, and the platform.
#   Every node check goes through these helpers, so that defaults, provenance,
#   paths and skip reasons are worded the same way everywhere.
#
#   The package spans several files, one for each thing it knows: this one
#   (the platform, the components, provenance in words, finding paths),
#   node_flags.rego, node_values.rego, node_settings.rego, node_files.rego,
#   node_admission.rego, node_authorization.rego and node_audit.rego.
#
#   Unknown reasons say what a check needed and could not read. A check's
#   unknown rule makes its control ERROR on this node (never PASS); its skip
#   rule, which says the check does not apply here, wins over it.
package kubeassay.lib.node

# ---------------------------------------------------------------------------
# Platform

platform := name if {
	name := input.platform.name
	is_string(name)
	name != ""
} else := "generic"

managed_platforms := {"eks", "gke", "aks"}

# managed is true on a platform whose provider runs the control plane.
managed if platform in managed_platforms

# control_plane lists the components a managed platform's provider runs.
control_plane := {"kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"}

# ---------------------------------------------------------------------------
# Components

components := c if {
	c := input.components
	is_object(c)
} else := {}

present(name) if is_object(components[name])

# embedded is true for a component run inside a k3s or rke2 supervisor, whose
# flags are only the <component>-arg options (its built-in ones are not seen).
embedded(c) if {
	source := object.get(c, "source", "")
	is_string(source)
	startswith(source, "embedded:")
}

supervisor(c) := substring(c.source, count("embedded:"), -1)

# component_skip says why a check of a component does not apply here:
#   managed control plane (eks): kube-apiserver is run by the provider
#   kube-apiserver is not running on this node
component_skip(name) := reason if {
	managed
	name in control_plane
	reason := sprintf("managed control plane (%s): %s is run by the provider", [platform, name])
} else := reason if {
	not present(name)
	reason := sprintf("%s is not running on this node", [name])
}

# ---------------------------------------------------------------------------
# Provenance in words (flags and settings alike)

# origin says where a value came from, for messages: "the default", "set on
# the command line", "set in static pod manifest /etc/...", "set in /etc/...".
origin(s) := sprintf("set by %v", [s]) if {
	not is_string(s)
} else := "the default" if {
	s == "default"
} else := "not set" if {
	s == "unset"
} else := concat(" ", ["set", where(s)])

# where renders a source that set a value: "on the command line", "in static
# pod manifest /etc/...", "in environment file ...", "in drop-in ...".
where(s) := "on the command line" if {
	s == "cmdline"
} else := sprintf("in static pod manifest %s", [substring(s, count("manifest:"), -1)]) if {
	startswith(s, "manifest:")
} else := sprintf("in environment file %s", [substring(s, count("env-file:"), -1)]) if {
	startswith(s, "env-file:")
} else := sprintf("by an ETCD_* environment variable (%s)", [substring(s, count("env:"), -1)]) if {
	startswith(s, "env:")
} else := sprintf("in %s", [substring(s, count("file:"), -1)]) if {
	startswith(s, "file:")
} else := sprintf("in drop-in %s", [substring(s, count("drop-in:"), -1)]) if {
	startswith(s, "drop-in:")
} else := sprintf("by the %s profile", [substring(s, count("profile:"), -1)]) if {
	startswith(s, "profile:")
} else := sprintf("by %v", [s])

# ---------------------------------------------------------------------------
# Paths into the document and findings

finding(msg, path, value) := {"msg": msg, "path": path, "value": value}

flag_path(comp, name) := sprintf("components.%s.flags.%s", [comp, name])

setting_path(comp, key) := sprintf("components.%s.config.settings[%s]", [comp, key])

file_path(f) := sprintf("files[%s]", [f.path])
