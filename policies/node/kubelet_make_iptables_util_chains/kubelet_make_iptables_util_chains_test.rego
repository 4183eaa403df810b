package kubeassay.checks.node.kubelet_make_iptables_util_chains_test

import data.kubeassay.checks.node.kubelet_make_iptables_util_chains

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

test_pass_by_default if {
	doc1 := on("kubeadm", component("config-file", {"makeIPTablesUtilChains": setting(true, "default")}))
	not kubelet_make_iptables_util_chains.skip with input as doc1
	count(kubelet_make_iptables_util_chains.deny) == 0 with input as doc1
	doc2 := on("kubeadm", component("command-line", {"makeIPTablesUtilChains": setting(true, "default")}))
	not kubelet_make_iptables_util_chains.skip with input as doc2
	count(kubelet_make_iptables_util_chains.deny) == 0 with input as doc2
}

test_fail_when_turned_off if {
	kubelet_make_iptables_util_chains.deny == {{"msg": "kubelet makeIPTablesUtilChains is false (set in /var/lib/kubelet/config.yaml); want true", "path": "components.kubelet.config.settings[makeIPTablesUtilChains]", "value": false}} with input as on("kubeadm", component("config-file", {"makeIPTablesUtilChains": setting(false, "file:/var/lib/kubelet/config.yaml")}))
}

test_skip_when_not_running if {
	kubelet_make_iptables_util_chains.skip == "kubelet is not running on this node" with input as facts("kubeadm", {}, [])
}

test_judged_on_a_managed_platform if {
	doc3 := on("eks", component("config-file", {"makeIPTablesUtilChains": setting(false, "file:/var/lib/kubelet/config.yaml")}))
	not kubelet_make_iptables_util_chains.skip with input as doc3
	count(kubelet_make_iptables_util_chains.deny) == 1 with input as doc3
}

test_unknown_when_the_setting_was_not_recorded if {
	kubelet_make_iptables_util_chains.unknown == "kubelet setting makeIPTablesUtilChains was not recorded" with input as on("kubeadm", component("config-file", {}))
	kubelet_make_iptables_util_chains.unknown == "the effective configuration of kubelet was not recorded" with input as facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_unknown_when_embedded_and_left_to_its_default if {
	kubelet_make_iptables_util_chains.unknown == "kubelet runs inside k3s, whose built-in arguments are not recorded, and neither its configuration files nor kubelet-arg set makeIPTablesUtilChains" with input as on("k3s", embedded({"makeIPTablesUtilChains": setting(true, "default")}))
}

test_embedded_settings_that_are_set_are_judged if {
	doc4 := on("k3s", embedded({"makeIPTablesUtilChains": object.union(setting(false, "file:/var/lib/kubelet/config.yaml"), {"source": "drop-in:/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf"})}))
	not kubelet_make_iptables_util_chains.skip with input as doc4
	count(kubelet_make_iptables_util_chains.deny) == 1 with input as doc4
}
