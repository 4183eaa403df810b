package kubeassay.checks.node.kubelet_make_iptables_util_chains_test

import data.kubeassay.checks.node.kubelet_make_iptables_util_chains
import data.kubeassay.test.node as t

comp := "kubelet"

test_pass_by_default if {
	doc1 := t.on(comp, "kubeadm", t.configured(comp, "config-file", {"makeIPTablesUtilChains": t.setting(true, "default")}))
	not kubelet_make_iptables_util_chains.skip with input as doc1
	count(kubelet_make_iptables_util_chains.deny) == 0 with input as doc1
	doc2 := t.on(comp, "kubeadm", t.configured(comp, "command-line", {"makeIPTablesUtilChains": t.setting(true, "default")}))
	not kubelet_make_iptables_util_chains.skip with input as doc2
	count(kubelet_make_iptables_util_chains.deny) == 0 with input as doc2
}

test_fail_when_turned_off if {
	kubelet_make_iptables_util_chains.deny == {{"msg": "kubelet makeIPTablesUtilChains is false (set in /var/lib/kubelet/config.yaml); want true", "path": "components.kubelet.config.settings[makeIPTablesUtilChains]", "value": false}} with input as t.on(comp, "kubeadm", t.configured(comp, "config-file", {"makeIPTablesUtilChains": t.setting(false, "file:/var/lib/kubelet/config.yaml")}))
}

test_skip_when_not_running if {
	kubelet_make_iptables_util_chains.skip == "kubelet is not running on this node" with input as t.facts("kubeadm", {}, [])
}

test_judged_on_a_managed_platform if {
	doc3 := t.on(comp, "eks", t.configured(comp, "config-file", {"makeIPTablesUtilChains": t.setting(false, "file:/var/lib/kubelet/config.yaml")}))
	not kubelet_make_iptables_util_chains.skip with input as doc3
	count(kubelet_make_iptables_util_chains.deny) == 1 with input as doc3
}

test_unknown_when_the_setting_was_not_recorded if {
	kubelet_make_iptables_util_chains.unknown == "kubelet setting makeIPTablesUtilChains was not recorded" with input as t.on(comp, "kubeadm", t.configured(comp, "config-file", {}))
	kubelet_make_iptables_util_chains.unknown == "the effective configuration of kubelet was not recorded" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_unknown_when_embedded_and_left_to_its_default if {
	kubelet_make_iptables_util_chains.unknown == "kubelet runs inside k3s, whose built-in arguments are not recorded, and neither its configuration files nor kubelet-arg set makeIPTablesUtilChains" with input as t.on(comp, "k3s", t.embedded_configured(comp, {"makeIPTablesUtilChains": t.setting(true, "default")}))
}

test_embedded_settings_that_are_set_are_judged if {
	doc4 := t.on(comp, "k3s", t.embedded_configured(comp, {"makeIPTablesUtilChains": object.union(t.setting(false, "file:/var/lib/kubelet/config.yaml"), {"source": "drop-in:/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf"})}))
	not kubelet_make_iptables_util_chains.skip with input as doc4
	count(kubelet_make_iptables_util_chains.deny) == 1 with input as doc4
}
