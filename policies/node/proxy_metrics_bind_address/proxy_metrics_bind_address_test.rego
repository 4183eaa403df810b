package kubeassay.checks.node.proxy_metrics_bind_address_test

import data.kubeassay.checks.node.proxy_metrics_bind_address
import data.kubeassay.test.node as t

comp := "kube-proxy"

test_pass_by_default if {
	doc1 := t.on(comp, "kubeadm", t.configured(comp, "command-line", {"metricsBindAddress": t.setting("127.0.0.1:10249", "default")}))
	not proxy_metrics_bind_address.skip with input as doc1
	count(proxy_metrics_bind_address.deny) == 0 with input as doc1
}

test_pass_on_any_loopback_address if {
	doc2 := t.on(comp, "kubeadm", t.configured(comp, "command-line", {"metricsBindAddress": {"value": "[::1]:10249", "source": "flag", "origin": "cmdline"}}))
	not proxy_metrics_bind_address.skip with input as doc2
	count(proxy_metrics_bind_address.deny) == 0 with input as doc2
	doc3 := t.on(comp, "kubeadm", t.configured(comp, "config-file", {"metricsBindAddress": t.setting("localhost:10249", "file:/var/lib/kube-proxy/config.conf")}))
	not proxy_metrics_bind_address.skip with input as doc3
	count(proxy_metrics_bind_address.deny) == 0 with input as doc3
}

test_fail_when_the_config_file_binds_every_interface if {
	proxy_metrics_bind_address.deny == {{"msg": "kube-proxy metricsBindAddress is \"0.0.0.0:10249\" (set in /var/lib/kube-proxy/config.conf), and --metrics-bind-address=127.0.0.1:10249 is ignored because kube-proxy reads --config; want a loopback address such as 127.0.0.1:10249", "path": "components.kube-proxy.config.settings[metricsBindAddress]", "value": "0.0.0.0:10249"}} with input as t.on(comp, "kubeadm", t.configured(comp, "config-file", {"metricsBindAddress": {"value": "0.0.0.0:10249", "source": "file:/var/lib/kube-proxy/config.conf", "history": [{"source": "file:/var/lib/kube-proxy/config.conf", "value": "0.0.0.0:10249"}, {"source": "flag", "value": "127.0.0.1:10249", "ignored": true}]}}))
}

test_fail_when_a_flag_leaves_the_host_empty if {
	proxy_metrics_bind_address.deny == {{"msg": "kube-proxy metricsBindAddress is \":10249\" (set by a flag on the command line); want a loopback address such as 127.0.0.1:10249", "path": "components.kube-proxy.config.settings[metricsBindAddress]", "value": ":10249"}} with input as t.on(comp, "aks", t.configured(comp, "command-line", {"metricsBindAddress": {"value": ":10249", "source": "flag", "origin": "cmdline"}}))
}

test_skip_when_not_running if {
	proxy_metrics_bind_address.skip == "kube-proxy is not running on this node" with input as t.facts("kubeadm", {}, [])
}

test_judged_on_a_managed_platform if {
	doc4 := t.on(comp, "eks", t.configured(comp, "config-file", {"metricsBindAddress": t.setting("0.0.0.0:10249", "file:/var/lib/kube-proxy/config.conf")}))
	not proxy_metrics_bind_address.skip with input as doc4
	count(proxy_metrics_bind_address.deny) == 1 with input as doc4
}

test_unknown_when_the_setting_was_not_recorded if {
	proxy_metrics_bind_address.unknown == "kube-proxy setting metricsBindAddress was not recorded" with input as t.on(comp, "kubeadm", t.configured(comp, "config-file", {}))
	proxy_metrics_bind_address.unknown == "the effective configuration of kube-proxy was not recorded" with input as t.facts("kubeadm", {"kube-proxy": {"name": "kube-proxy", "source": "process", "flags": {}}}, [])
}

test_unknown_when_embedded_and_left_to_its_default if {
	proxy_metrics_bind_address.unknown == "kube-proxy runs inside k3s, whose built-in arguments are not recorded, and neither its configuration files nor kube-proxy-arg set metricsBindAddress" with input as t.on(comp, "k3s", t.embedded_configured(comp, {"metricsBindAddress": t.setting("127.0.0.1:10249", "default")}))
}

test_embedded_settings_that_are_set_are_judged if {
	doc5 := t.on(comp, "k3s", t.embedded_configured(comp, {"metricsBindAddress": object.union(t.setting("0.0.0.0:10249", "file:/var/lib/kube-proxy/config.conf"), {"source": "drop-in:/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf"})}))
	not proxy_metrics_bind_address.skip with input as doc5
	count(proxy_metrics_bind_address.deny) == 1 with input as doc5
}
