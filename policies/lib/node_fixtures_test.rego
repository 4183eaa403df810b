# Builders of NodeFacts documents for the node checks' Rego tests, so that a
# check's test states only what differs: the component, its flags or
# settings, the files. Kept in a _test.rego file: tests only, never in the
# catalogue.
package kubeassay.test.node

# facts is a whole NodeFacts document.
facts(platform, components, files) := {
	"apiVersion": "kubeassay/v1",
	"kind": "NodeFacts",
	"metadata": {"name": "node1"},
	"platform": {"name": platform},
	"components": components,
	"files": files,
}

# on is a node running one component and no recorded file.
on(name, platform, c) := facts(platform, {name: c}, [])

# with_files is a node running the component as a process, with files.
with_files(name, platform, files) := facts(platform, {name: running(name)}, files)

# manifest is the component's kubeadm static pod manifest.
manifest(name) := sprintf("/etc/kubernetes/manifests/%s.yaml", [name])

# running is the component as a process with no flag.
running(name) := {"name": name, "running": true, "source": "process", "flags": {}, "flagSources": {}}

# process is the component as a process with flags from its command line.
process(name, flags) := {
	"name": name,
	"running": true,
	"source": "process",
	"flags": flags,
	"flagSources": {f: "cmdline" | some f, _ in flags},
	"manifestPath": manifest(name),
}

# from_manifest is the component known only from its static pod manifest.
from_manifest(name, flags) := {
	"name": name,
	"running": false,
	"source": concat("", ["manifest:", manifest(name)]),
	"flags": flags,
	"flagSources": {f: concat("", ["manifest:", manifest(name)]) | some f, _ in flags},
}

# embedded is the component inside k3s, with flags from its config file.
embedded(name, flags) := {
	"name": name,
	"running": true,
	"source": "embedded:k3s",
	"flags": flags,
	"flagSources": {f: "file:/etc/rancher/k3s/config.yaml" | some f, _ in flags},
}

# configured is a component (kubelet, kube-proxy) with its effective
# configuration; defaults is "config-file" or "command-line" (they differ).
configured(name, defaults, settings) := {
	"name": name,
	"running": true,
	"source": "process",
	"flags": {},
	"flagSources": {},
	"config": {"defaults": defaults, "settings": settings},
}

# embedded_configured is that component inside k3s.
embedded_configured(name, settings) := object.union(configured(name, "command-line", settings), {"source": "embedded:k3s"})

# setting is one effective setting.
setting(value, source) := {"value": value, "source": source}
