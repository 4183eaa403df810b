package kubeassay.checks.node.kubelet_authorization_mode_test

import data.kubeassay.checks.node.kubelet_authorization_mode
import data.kubeassay.test.node as t

comp := "kubelet"

test_pass_with_webhook if {
	doc1 := t.on(comp, "kubeadm", t.configured(comp, "config-file", {"authorization.mode": t.setting("Webhook", "file:/var/lib/kubelet/config.yaml")}))
	not kubelet_authorization_mode.skip with input as doc1
	count(kubelet_authorization_mode.deny) == 0 with input as doc1
}

test_pass_by_default_with_a_config_file if {
	doc2 := t.on(comp, "kubeadm", t.configured(comp, "config-file", {"authorization.mode": t.setting("Webhook", "default")}))
	not kubelet_authorization_mode.skip with input as doc2
	count(kubelet_authorization_mode.deny) == 0 with input as doc2
}

test_fail_by_default_without_a_config_file if {
	kubelet_authorization_mode.deny == {{"msg": "kubelet authorization.mode is \"AlwaysAllow\" (the command-line default, no --config file is used); want Webhook", "path": "components.kubelet.config.settings[authorization.mode]", "value": "AlwaysAllow"}} with input as t.on(comp, "kubeadm", t.configured(comp, "command-line", {"authorization.mode": t.setting("AlwaysAllow", "default")}))
}

test_fail_when_a_drop_in_sets_always_allow if {
	kubelet_authorization_mode.deny == {{"msg": "kubelet authorization.mode is \"AlwaysAllow\" (set in drop-in /etc/kubernetes/kubelet.conf.d/99-debug.conf); want Webhook", "path": "components.kubelet.config.settings[authorization.mode]", "value": "AlwaysAllow"}} with input as t.on(comp, "kubeadm", t.configured(comp, "config-file", {"authorization.mode": t.setting("AlwaysAllow", "drop-in:/etc/kubernetes/kubelet.conf.d/99-debug.conf")}))
}

test_skip_when_not_running if {
	kubelet_authorization_mode.skip == "kubelet is not running on this node" with input as t.facts("kubeadm", {}, [])
}

test_judged_on_a_managed_platform if {
	doc3 := t.on(comp, "eks", t.configured(comp, "config-file", {"authorization.mode": t.setting("AlwaysAllow", "file:/var/lib/kubelet/config.yaml")}))
	not kubelet_authorization_mode.skip with input as doc3
	count(kubelet_authorization_mode.deny) == 1 with input as doc3
}

test_unknown_when_the_setting_was_not_recorded if {
	kubelet_authorization_mode.unknown == "kubelet setting authorization.mode was not recorded" with input as t.on(comp, "kubeadm", t.configured(comp, "config-file", {}))
	kubelet_authorization_mode.unknown == "the effective configuration of kubelet was not recorded" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_unknown_when_embedded_and_left_to_its_default if {
	kubelet_authorization_mode.unknown == "kubelet runs inside k3s, whose built-in arguments are not recorded, and neither its configuration files nor kubelet-arg set authorization.mode" with input as t.on(comp, "k3s", t.embedded_configured(comp, {"authorization.mode": t.setting("AlwaysAllow", "default")}))
}

test_embedded_settings_that_are_set_are_judged if {
	doc4 := t.on(comp, "k3s", t.embedded_configured(comp, {"authorization.mode": object.union(t.setting("AlwaysAllow", "file:/var/lib/kubelet/config.yaml"), {"source": "drop-in:/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf"})}))
	not kubelet_authorization_mode.skip with input as doc4
	count(kubelet_authorization_mode.deny) == 1 with input as doc4
}
