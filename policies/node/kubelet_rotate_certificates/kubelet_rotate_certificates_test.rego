package kubeassay.checks.node.kubelet_rotate_certificates_test

import data.kubeassay.checks.node.kubelet_rotate_certificates
import data.kubeassay.test.node as t

comp := "kubelet"

test_pass_when_on if {
	doc1 := t.on(comp, "kubeadm", t.configured(comp, "config-file", {"rotateCertificates": t.setting(true, "file:/var/lib/kubelet/config.yaml")}))
	not kubelet_rotate_certificates.skip with input as doc1
	count(kubelet_rotate_certificates.deny) == 0 with input as doc1
}

test_fail_by_default if {
	kubelet_rotate_certificates.deny == {{"msg": "kubelet rotateCertificates is false (the default when a --config file is used); want true", "path": "components.kubelet.config.settings[rotateCertificates]", "value": false}} with input as t.on(comp, "kubeadm", t.configured(comp, "config-file", {"rotateCertificates": t.setting(false, "default")}))
}

test_fail_when_a_flag_turns_it_off if {
	kubelet_rotate_certificates.deny == {{"msg": "kubelet rotateCertificates is false (set by a flag on the command line); want true", "path": "components.kubelet.config.settings[rotateCertificates]", "value": false}} with input as t.on(comp, "rke2", t.configured(comp, "command-line", {"rotateCertificates": {"value": false, "source": "flag", "origin": "cmdline"}}))
}

test_skip_on_rke2_when_left_to_its_default if {
	kubelet_rotate_certificates.skip == "rke2 issues and renews the kubelet's client certificate itself, and rotateCertificates is left at its default" with input as t.on(comp, "rke2", t.configured(comp, "command-line", {"rotateCertificates": t.setting(false, "default")}))
}

test_skip_when_not_running if {
	kubelet_rotate_certificates.skip == "kubelet is not running on this node" with input as t.facts("kubeadm", {}, [])
}

test_judged_on_a_managed_platform if {
	doc2 := t.on(comp, "eks", t.configured(comp, "config-file", {"rotateCertificates": t.setting(false, "file:/var/lib/kubelet/config.yaml")}))
	not kubelet_rotate_certificates.skip with input as doc2
	count(kubelet_rotate_certificates.deny) == 1 with input as doc2
}

test_unknown_when_the_setting_was_not_recorded if {
	kubelet_rotate_certificates.unknown == "kubelet setting rotateCertificates was not recorded" with input as t.on(comp, "kubeadm", t.configured(comp, "config-file", {}))
	kubelet_rotate_certificates.unknown == "the effective configuration of kubelet was not recorded" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_unknown_when_embedded_and_left_to_its_default if {
	kubelet_rotate_certificates.unknown == "kubelet runs inside k3s, whose built-in arguments are not recorded, and neither its configuration files nor kubelet-arg set rotateCertificates" with input as t.on(comp, "k3s", t.embedded_configured(comp, {"rotateCertificates": t.setting(false, "default")}))
}

test_embedded_settings_that_are_set_are_judged if {
	doc3 := t.on(comp, "k3s", t.embedded_configured(comp, {"rotateCertificates": object.union(t.setting(false, "file:/var/lib/kubelet/config.yaml"), {"source": "drop-in:/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf"})}))
	not kubelet_rotate_certificates.skip with input as doc3
	count(kubelet_rotate_certificates.deny) == 1 with input as doc3
}
