package kubeassay.checks.node.kubelet_client_ca_file_test

import data.kubeassay.checks.node.kubelet_client_ca_file
import data.kubeassay.test.node as t

comp := "kubelet"

test_pass_when_set if {
	doc1 := t.on(comp, "kubeadm", t.configured(comp, "config-file", {"authentication.x509.clientCAFile": t.setting("/etc/kubernetes/pki/ca.crt", "file:/var/lib/kubelet/config.yaml")}))
	not kubelet_client_ca_file.skip with input as doc1
	count(kubelet_client_ca_file.deny) == 0 with input as doc1
	count(kubelet_client_ca_file.warn) == 0 with input as t.on(comp, "kubeadm", t.configured(comp, "config-file", {"authentication.x509.clientCAFile": t.setting("/etc/kubernetes/pki/ca.crt", "file:/var/lib/kubelet/config.yaml")}))
}

test_fail_when_unset if {
	kubelet_client_ca_file.deny == {{"msg": "kubelet authentication.x509.clientCAFile is not set: client certificates are not verified", "path": "components.kubelet.config.settings[authentication.x509.clientCAFile]", "value": null}} with input as t.on(comp, "kubeadm", t.configured(comp, "config-file", {"authentication.x509.clientCAFile": t.setting(null, "unset")}))
}

test_fail_when_empty if {
	kubelet_client_ca_file.deny == {{"msg": "kubelet authentication.x509.clientCAFile is \"\" (set by a flag on the command line): client certificates are not verified", "path": "components.kubelet.config.settings[authentication.x509.clientCAFile]", "value": ""}} with input as t.on(comp, "kubeadm", t.configured(comp, "command-line", {"authentication.x509.clientCAFile": {"value": "", "source": "flag", "origin": "cmdline"}}))
}

test_warn_when_the_ca_file_is_missing if {
	kubelet_client_ca_file.warn == {{"msg": "kubelet authentication.x509.clientCAFile names /etc/kubernetes/pki/ca.crt, which does not exist on this node", "path": "files[/etc/kubernetes/pki/ca.crt].exists", "value": false}} with input as t.facts("kubeadm", {"kubelet": t.configured(comp, "config-file", {"authentication.x509.clientCAFile": t.setting("/etc/kubernetes/pki/ca.crt", "file:/var/lib/kubelet/config.yaml")})}, [{"path": "/etc/kubernetes/pki/ca.crt", "roles": ["kubelet-client-ca"], "discoveredBy": ["config:kubelet authentication.x509.clientCAFile"], "exists": false}])
	doc2 := t.facts("kubeadm", {"kubelet": t.configured(comp, "config-file", {"authentication.x509.clientCAFile": t.setting("/etc/kubernetes/pki/ca.crt", "file:/var/lib/kubelet/config.yaml")})}, [{"path": "/etc/kubernetes/pki/ca.crt", "roles": ["kubelet-client-ca"], "discoveredBy": ["config:kubelet authentication.x509.clientCAFile"], "exists": false}])
	not kubelet_client_ca_file.skip with input as doc2
	count(kubelet_client_ca_file.deny) == 0 with input as doc2
}

test_skip_when_not_running if {
	kubelet_client_ca_file.skip == "kubelet is not running on this node" with input as t.facts("kubeadm", {}, [])
}

test_judged_on_a_managed_platform if {
	doc3 := t.on(comp, "eks", t.configured(comp, "config-file", {"authentication.x509.clientCAFile": t.setting(null, "unset")}))
	not kubelet_client_ca_file.skip with input as doc3
	count(kubelet_client_ca_file.deny) == 1 with input as doc3
}

test_unknown_when_the_setting_was_not_recorded if {
	kubelet_client_ca_file.unknown == "kubelet setting authentication.x509.clientCAFile was not recorded" with input as t.on(comp, "kubeadm", t.configured(comp, "config-file", {}))
	kubelet_client_ca_file.unknown == "the effective configuration of kubelet was not recorded" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_unknown_when_embedded_and_left_to_its_default if {
	kubelet_client_ca_file.unknown == "kubelet runs inside k3s, whose built-in arguments are not recorded, and neither its configuration files nor kubelet-arg set authentication.x509.clientCAFile" with input as t.on(comp, "k3s", t.embedded_configured(comp, {"authentication.x509.clientCAFile": t.setting(null, "unset")}))
}

test_embedded_settings_that_are_set_are_judged if {
	doc4 := t.on(comp, "k3s", t.embedded_configured(comp, {"authentication.x509.clientCAFile": t.setting("", "drop-in:/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf")}))
	not kubelet_client_ca_file.skip with input as doc4
	count(kubelet_client_ca_file.deny) == 1 with input as doc4
}
