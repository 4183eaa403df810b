package kubeassay.checks.node.kubelet_client_ca_file_test

import data.kubeassay.checks.node.kubelet_client_ca_file

facts(platform, components, files) := {
	"apiVersion": "kubeassay/v1",
	"kind": "NodeFacts",
	"metadata": {"name": "worker1"},
	"platform": {"name": platform},
	"components": components,
	"files": files,
}

# component runs with or without a --config file: the defaults differ.
component(defaults, settings) := {
	"name": "kubelet",
	"running": true,
	"source": "process",
	"flags": {},
	"flagSources": {},
	"config": {"defaults": defaults, "settings": settings},
}

embedded(settings) := object.union(component("command-line", settings), {"source": "embedded:k3s"})

on(platform, c) := facts(platform, {"kubelet": c}, [])

setting(value, source) := {"value": value, "source": source}

test_pass_when_set if {
	doc1 := on("kubeadm", component("config-file", {"authentication.x509.clientCAFile": setting("/etc/kubernetes/pki/ca.crt", "file:/var/lib/kubelet/config.yaml")}))
	not kubelet_client_ca_file.skip with input as doc1
	count(kubelet_client_ca_file.deny) == 0 with input as doc1
	count(kubelet_client_ca_file.warn) == 0 with input as on("kubeadm", component("config-file", {"authentication.x509.clientCAFile": setting("/etc/kubernetes/pki/ca.crt", "file:/var/lib/kubelet/config.yaml")}))
}

test_fail_when_unset if {
	kubelet_client_ca_file.deny == {{"msg": "kubelet authentication.x509.clientCAFile is not set: client certificates are not verified", "path": "components.kubelet.config.settings[authentication.x509.clientCAFile]", "value": null}} with input as on("kubeadm", component("config-file", {"authentication.x509.clientCAFile": setting(null, "unset")}))
}

test_fail_when_empty if {
	kubelet_client_ca_file.deny == {{"msg": "kubelet authentication.x509.clientCAFile is \"\" (set by a flag on the command line): client certificates are not verified", "path": "components.kubelet.config.settings[authentication.x509.clientCAFile]", "value": ""}} with input as on("kubeadm", component("command-line", {"authentication.x509.clientCAFile": {"value": "", "source": "flag", "origin": "cmdline"}}))
}

test_warn_when_the_ca_file_is_missing if {
	kubelet_client_ca_file.warn == {{"msg": "kubelet authentication.x509.clientCAFile names /etc/kubernetes/pki/ca.crt, which does not exist on this node", "path": "files[/etc/kubernetes/pki/ca.crt].exists", "value": false}} with input as facts("kubeadm", {"kubelet": component("config-file", {"authentication.x509.clientCAFile": setting("/etc/kubernetes/pki/ca.crt", "file:/var/lib/kubelet/config.yaml")})}, [{"path": "/etc/kubernetes/pki/ca.crt", "roles": ["kubelet-client-ca"], "discoveredBy": ["config:kubelet authentication.x509.clientCAFile"], "exists": false}])
	doc2 := facts("kubeadm", {"kubelet": component("config-file", {"authentication.x509.clientCAFile": setting("/etc/kubernetes/pki/ca.crt", "file:/var/lib/kubelet/config.yaml")})}, [{"path": "/etc/kubernetes/pki/ca.crt", "roles": ["kubelet-client-ca"], "discoveredBy": ["config:kubelet authentication.x509.clientCAFile"], "exists": false}])
	not kubelet_client_ca_file.skip with input as doc2
	count(kubelet_client_ca_file.deny) == 0 with input as doc2
}

test_skip_when_not_running if {
	kubelet_client_ca_file.skip == "kubelet is not running on this node" with input as facts("kubeadm", {}, [])
}

test_judged_on_a_managed_platform if {
	doc3 := on("eks", component("config-file", {"authentication.x509.clientCAFile": setting(null, "unset")}))
	not kubelet_client_ca_file.skip with input as doc3
	count(kubelet_client_ca_file.deny) == 1 with input as doc3
}

test_unknown_when_the_setting_was_not_recorded if {
	kubelet_client_ca_file.unknown == "kubelet setting authentication.x509.clientCAFile was not recorded" with input as on("kubeadm", component("config-file", {}))
	kubelet_client_ca_file.unknown == "the effective configuration of kubelet was not recorded" with input as facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_unknown_when_embedded_and_left_to_its_default if {
	kubelet_client_ca_file.unknown == "kubelet runs inside k3s, whose built-in arguments are not recorded, and neither its configuration files nor kubelet-arg set authentication.x509.clientCAFile" with input as on("k3s", embedded({"authentication.x509.clientCAFile": setting(null, "unset")}))
}

test_embedded_settings_that_are_set_are_judged if {
	doc4 := on("k3s", embedded({"authentication.x509.clientCAFile": setting("", "drop-in:/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf")}))
	not kubelet_client_ca_file.skip with input as doc4
	count(kubelet_client_ca_file.deny) == 1 with input as doc4
}
