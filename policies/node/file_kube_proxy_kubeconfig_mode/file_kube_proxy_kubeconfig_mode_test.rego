package kubeassay.checks.node.file_kube_proxy_kubeconfig_mode_test

import data.kubeassay.checks.node.file_kube_proxy_kubeconfig_mode as check
import data.kubeassay.test.node as t

proxy(kubeconfig) := t.configured("kube-proxy", "config-file", {"clientConnection.kubeconfig": kubeconfig})

file(path, mode, bits) := {"path": path, "roles": ["kube-proxy-kubeconfig"], "discoveredBy": ["test"], "exists": true, "type": "file", "mode": mode, "modeBits": bits, "uid": 0, "gid": 0, "owner": "root", "group": "root"}

host := "/var/lib/rancher/k3s/agent/kubeproxy.kubeconfig"

inside := "/proc/106/root/var/lib/kube-proxy/kubeconfig.conf"

on(files) := t.facts("k3s", {"kube-proxy": proxy(t.setting(host, "flag"))}, files)

test_pass_on_the_node if {
	doc := on([file(host, "0600", 384)])
	not check.skip with input as doc
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}

test_fail_when_wider if {
	check.deny == {{"msg": "kube-proxy kubeconfig /var/lib/rancher/k3s/agent/kubeproxy.kubeconfig has mode 0644, not 0600 or more restrictive", "path": "files[/var/lib/rancher/k3s/agent/kubeproxy.kubeconfig].mode", "value": "0644"}} with input as on([file(host, "0644", 420)])
}

test_skip_inside_the_container if {
	doc := on([file(inside, "0644", 420)])
	check.skip == "the kube-proxy kubeconfig /proc/106/root/var/lib/kube-proxy/kubeconfig.conf is inside kube-proxy's container, not a file on the node" with input as doc
	count(check.deny) == 0 with input as doc
}

test_container_files_are_not_judged_beside_host_files if {
	doc := on([file(inside, "0644", 420), file(host, "0600", 384)])
	not check.skip with input as doc
	count(check.deny) == 0 with input as doc
}

test_skip_when_absent if {
	check.skip == "kube-proxy kubeconfig /var/lib/kube-proxy/kubeconfig.conf does not exist" with input as t.facts("kubeadm", {}, [{"path": "/var/lib/kube-proxy/kubeconfig.conf", "roles": ["kube-proxy-kubeconfig"], "discoveredBy": ["profile:kubeadm default"], "exists": false}])
}

test_unknown_when_config_unreadable if {
	doc := t.facts("kubeadm", {"kube-proxy": proxy({"value": null, "source": "unknown", "error": "/var/lib/kube-proxy/config.conf: broken"})}, [{"path": "/var/lib/kube-proxy/kubeconfig.conf", "roles": ["kube-proxy-kubeconfig"], "discoveredBy": ["profile:kubeadm default"], "exists": false}])
	not check.skip with input as doc
	check.unknown == "kube-proxy setting clientConnection.kubeconfig (/var/lib/kube-proxy/config.conf: broken) could not be determined" with input as doc
}

test_unknown_when_mode_unreadable if {
	doc := on([object.union(file(host, "0777", 511), {"type": "symlink", "error": "symlink target: permission denied"})])
	check.unknown == "the mode of kube-proxy kubeconfig /var/lib/rancher/k3s/agent/kubeproxy.kubeconfig could not be read (symlink target: permission denied)" with input as doc
	count(check.deny) == 0 with input as doc
}

test_k3s_default_kubeconfig_is_judged if {
	doc := t.facts("k3s", {"kube-proxy": object.union(proxy(t.setting(null, "unset")), {"source": "embedded:k3s"})}, [file(host, "0600", 384)])
	not check.skip with input as doc
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
}
