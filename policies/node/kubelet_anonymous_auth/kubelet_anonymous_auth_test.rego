package kubeassay.checks.node.kubelet_anonymous_auth_test

import data.kubeassay.checks.node.kubelet_anonymous_auth
import data.kubeassay.test.node as t

comp := "kubelet"

test_pass_when_disabled_in_the_config_file if {
	doc1 := t.on(comp, "kubeadm", t.configured(comp, "config-file", {"authentication.anonymous.enabled": t.setting(false, "file:/var/lib/kubelet/config.yaml")}))
	not kubelet_anonymous_auth.skip with input as doc1
	count(kubelet_anonymous_auth.deny) == 0 with input as doc1
}

test_pass_by_default_with_a_config_file if {
	doc2 := t.on(comp, "kubeadm", t.configured(comp, "config-file", {"authentication.anonymous.enabled": t.setting(false, "default")}))
	not kubelet_anonymous_auth.skip with input as doc2
	count(kubelet_anonymous_auth.deny) == 0 with input as doc2
}

test_fail_by_default_without_a_config_file if {
	kubelet_anonymous_auth.deny == {{"msg": "kubelet authentication.anonymous.enabled is true (the command-line default, no --config file is used); want false", "path": "components.kubelet.config.settings[authentication.anonymous.enabled]", "value": true}} with input as t.on(comp, "kubeadm", t.configured(comp, "command-line", {"authentication.anonymous.enabled": t.setting(true, "default")}))
}

test_fail_when_enabled_in_the_config_file if {
	kubelet_anonymous_auth.deny == {{"msg": "kubelet authentication.anonymous.enabled is true (set in /var/lib/kubelet/config.yaml); want false", "path": "components.kubelet.config.settings[authentication.anonymous.enabled]", "value": true}} with input as t.on(comp, "kubeadm", t.configured(comp, "config-file", {"authentication.anonymous.enabled": t.setting(true, "file:/var/lib/kubelet/config.yaml")}))
}

test_fail_when_a_flag_enables_it if {
	kubelet_anonymous_auth.deny == {{"msg": "kubelet authentication.anonymous.enabled is true (set by a flag in environment file /etc/default/kubelet); want false", "path": "components.kubelet.config.settings[authentication.anonymous.enabled]", "value": true}} with input as t.on(comp, "aks", t.configured(comp, "command-line", {"authentication.anonymous.enabled": {"value": true, "source": "flag", "origin": "env-file:/etc/default/kubelet"}}))
}

test_skip_when_not_running if {
	kubelet_anonymous_auth.skip == "kubelet is not running on this node" with input as t.facts("kubeadm", {}, [])
}

test_judged_on_a_managed_platform if {
	doc3 := t.on(comp, "eks", t.configured(comp, "config-file", {"authentication.anonymous.enabled": t.setting(true, "file:/var/lib/kubelet/config.yaml")}))
	not kubelet_anonymous_auth.skip with input as doc3
	count(kubelet_anonymous_auth.deny) == 1 with input as doc3
}

test_unknown_when_the_setting_was_not_recorded if {
	kubelet_anonymous_auth.unknown == "kubelet setting authentication.anonymous.enabled was not recorded" with input as t.on(comp, "kubeadm", t.configured(comp, "config-file", {}))
	kubelet_anonymous_auth.unknown == "the effective configuration of kubelet was not recorded" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_unknown_when_embedded_and_left_to_its_default if {
	kubelet_anonymous_auth.unknown == "kubelet runs inside k3s, whose built-in arguments are not recorded, and neither its configuration files nor kubelet-arg set authentication.anonymous.enabled" with input as t.on(comp, "k3s", t.embedded_configured(comp, {"authentication.anonymous.enabled": t.setting(true, "default")}))
}

test_embedded_settings_that_are_set_are_judged if {
	doc4 := t.on(comp, "k3s", t.embedded_configured(comp, {"authentication.anonymous.enabled": object.union(t.setting(true, "file:/var/lib/kubelet/config.yaml"), {"source": "drop-in:/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf"})}))
	not kubelet_anonymous_auth.skip with input as doc4
	count(kubelet_anonymous_auth.deny) == 1 with input as doc4
}
