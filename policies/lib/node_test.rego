package kubeassay.lib.node_test

import data.kubeassay.lib.node

api := {
	"name": "kube-apiserver",
	"running": true,
	"source": "process",
	"flags": {
		"profiling": ["true", "false"],
		"authorization-mode": ["Node,RBAC", " Webhook ,"],
		"feature-gates": ["A=true,B=false", "A=false"],
		"audit-log-maxage": ["30"],
	},
	"flagSources": {"profiling": "manifest:/etc/kubernetes/manifests/kube-apiserver.yaml"},
}

facts(platform, components, files) := {
	"apiVersion": "kubeassay/v1",
	"kind": "NodeFacts",
	"metadata": {"name": "n1"},
	"platform": {"name": platform},
	"components": components,
	"files": files,
}

test_platform_and_managed if {
	node.platform == "eks" with input as facts("eks", {}, [])
	node.managed with input as facts("eks", {}, [])
	node.managed with input as facts("gke", {}, [])
	node.managed with input as facts("aks", {}, [])
	not node.managed with input as facts("kubeadm", {}, [])
	not node.managed with input as facts("k3s", {}, [])
	node.platform == "generic" with input as {"kind": "NodeFacts"}
	not node.managed with input as {"kind": "NodeFacts"}
}

test_flag_last_value_wins if {
	node.flag(api, "profiling") == "false"
	node.flag_values(api, "profiling") == ["true", "false"]
	node.flag_set(api, "profiling")
	not node.flag_set(api, "token-auth-file")
	not node.flag(api, "token-auth-file")
	node.flag_values(api, "token-auth-file") == []
}

test_flag_source if {
	node.flag_source(api, "profiling") == "manifest:/etc/kubernetes/manifests/kube-apiserver.yaml"
	node.flag_source(api, "authorization-mode") == "cmdline"
	node.flag_source({"source": "manifest:/m.yaml", "flags": {"v": ["2"]}}, "v") == "manifest:/m.yaml"
}

test_flag_list_splits_every_value if {
	node.flag_list(api, "authorization-mode") == ["Node", "RBAC", "Webhook"]
	node.flag_list(api, "enable-admission-plugins") == []
}

test_feature_gates_last_wins if {
	node.gate(api, "A") == "false"
	node.gate(api, "B") == "false"
	not node.gate(api, "C")
}

test_effective_flag if {
	node.effective_flag(api, "profiling", "true") == {"set": true, "value": "false", "raw": "false", "source": "manifest:/etc/kubernetes/manifests/kube-apiserver.yaml"}
	node.effective_flag(api, "service-account-lookup", "true") == {"set": false, "value": "true", "raw": null, "source": "default"}
}

test_describe_flag if {
	node.describe_flag("kube-apiserver", "profiling", node.effective_flag(api, "profiling", "true")) == "kube-apiserver --profiling=false (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml)"
	node.describe_flag("kube-apiserver", "contention-profiling", node.effective_flag(api, "contention-profiling", "false")) == "kube-apiserver --contention-profiling is not set (default false)"
	node.describe_flag("kube-apiserver", "audit-log-path", node.effective_flag(api, "audit-log-path", null)) == "kube-apiserver --audit-log-path is not set"
}

test_origins if {
	node.origin("cmdline") == "set on the command line"
	node.origin("default") == "the default"
	node.origin("file:/etc/rancher/k3s/config.yaml") == "set in /etc/rancher/k3s/config.yaml"
	node.origin("env-file:/etc/default/kubelet") == "set in environment file /etc/default/kubelet"
	node.origin("drop-in:/etc/kubernetes/kubelet.conf.d/10.conf") == "set in drop-in /etc/kubernetes/kubelet.conf.d/10.conf"
	node.origin("profile:eks") == "set by the eks profile"
	node.origin("something-else") == "set by something-else"
	node.where("cmdline") == "on the command line"
}

test_bools_parse_like_go if {
	node.is_true("true")
	node.is_true("TRUE")
	node.is_true("1")
	node.is_true(true)
	node.is_false("False")
	node.is_false("0")
	node.is_false(false)
	not node.is_true("yes")
	not node.is_false("no")
}

test_int_value if {
	node.int_value("30") == 30
	node.int_value(" 7 ") == 7
	node.int_value("-1") == -1
	not node.int_value("+30")
	node.int_value(12) == 12
	not node.int_value("30d")
	not node.int_value("")
	node.at_least("30", 30)
	not node.at_least("29", 30)
	not node.at_least("lots", 30)
}

test_loopback_and_host if {
	node.loopback("127.0.0.1")
	node.loopback("127.1.2.3")
	node.loopback("::1")
	node.loopback("localhost")
	not node.loopback("0.0.0.0")
	not node.loopback("")
	not node.loopback("10.0.0.1")
	not node.loopback(null)
	node.host_of("127.0.0.1:10249") == "127.0.0.1"
	node.host_of("[::1]:10249") == "::1"
	node.host_of(":10249") == ""
	node.host_of("0.0.0.0") == "0.0.0.0"
	node.host_of("::") == "::"
}

test_embedded_flags_are_unknown_unless_set if {
	c := {"name": "kube-scheduler", "source": "embedded:k3s", "flags": {"profiling": ["false"]}}
	node.embedded(c)
	node.supervisor(c) == "k3s"
	not node.flag_unknown(c, "profiling")
	node.flag_unknown(c, "bind-address")
	not node.flag_unknown(api, "bind-address")
}

test_component_skip if {
	node.component_skip("kube-apiserver") == "managed control plane (eks): kube-apiserver is run by the provider" with input as facts("eks", {"kube-apiserver": api}, [])
	node.component_skip("kube-apiserver") == "kube-apiserver is not running on this node" with input as facts("kubeadm", {}, [])
	not node.component_skip("kube-apiserver") with input as facts("kubeadm", {"kube-apiserver": api}, [])

	# The kubelet is the user's on a managed platform too.
	node.component_skip("kubelet") == "kubelet is not running on this node" with input as facts("gke", {}, [])
	not node.component_skip("kubelet") with input as facts("gke", {"kubelet": {"source": "process"}}, [])
}

test_flags_unknown if {
	sched := {"name": "kube-scheduler", "source": "embedded:k3s", "flags": {"profiling": ["false"]}}
	not node.flags_unknown("kube-scheduler", ["profiling"]) with input as facts("k3s", {"kube-scheduler": sched}, [])
	node.flags_unknown("kube-scheduler", ["profiling", "bind-address"]) == "kube-scheduler runs inside k3s, whose built-in arguments are not recorded, and kube-scheduler-arg does not set --bind-address" with input as facts("k3s", {"kube-scheduler": sched}, [])
	not node.flags_unknown("kube-scheduler", ["profiling"]) with input as facts("k3s", {}, [])
}

test_flags_unknown_when_a_source_could_not_be_read if {
	etcd := {"name": "etcd", "source": "process", "flags": {"config-file": ["/etc/etcd.yaml"]}, "unreadable": [{"path": "/etc/etcd.yaml", "message": "yaml: line 3: did not find expected key"}]}
	node.flags_unknown("etcd", ["cert-file", "config-file"]) == "etcd --cert-file could not be determined: /etc/etcd.yaml: yaml: line 3: did not find expected key" with input as facts("kubeadm", {"etcd": etcd}, [])
	not node.flags_unknown("etcd", ["config-file"]) with input as facts("kubeadm", {"etcd": etcd}, [])
	not node.flags_unknown("etcd", ["cert-file"]) with input as facts("kubeadm", {"etcd": object.remove(etcd, ["unreadable"])}, [])
}

kubelet(defaults, settings) := {
	"name": "kubelet",
	"source": "process",
	"flags": {},
	"config": {"defaults": defaults, "settings": settings},
}

test_settings if {
	k := kubelet("command-line", {
		"readOnlyPort": {"value": 10255, "source": "default"},
		"authorization.mode": {"value": "Webhook", "source": "flag", "origin": "env-file:/etc/default/kubelet"},
		"authentication.anonymous.enabled": {"value": false, "source": "drop-in:/etc/k/10.conf"},
	})
	node.setting(k, "readOnlyPort").value == 10255
	not node.setting(k, "nope")
	node.describe_setting("kubelet", "readOnlyPort", k, node.setting(k, "readOnlyPort")) == "kubelet readOnlyPort is 10255 (the command-line default, no --config file is used)"
	node.describe_setting("kubelet", "authorization.mode", k, node.setting(k, "authorization.mode")) == `kubelet authorization.mode is "Webhook" (set by a flag in environment file /etc/default/kubelet)`
	node.describe_setting("kubelet", "authentication.anonymous.enabled", k, node.setting(k, "authentication.anonymous.enabled")) == "kubelet authentication.anonymous.enabled is false (set in drop-in /etc/k/10.conf)"
	k2 := kubelet("config-file", {"readOnlyPort": {"value": 0, "source": "default"}})
	node.describe_setting("kubelet", "readOnlyPort", k2, node.setting(k2, "readOnlyPort")) == "kubelet readOnlyPort is 0 (the default when a --config file is used)"
	node.setting_path("kubelet", "readOnlyPort") == "components.kubelet.config.settings[readOnlyPort]"
}

test_settings_unknown if {
	k := kubelet("config-file", {"rotateCertificates": {"value": false, "source": "default"}})
	not node.settings_unknown("kubelet", ["rotateCertificates"]) with input as facts("kubeadm", {"kubelet": k}, [])
	not node.settings_unknown("kubelet", ["rotateCertificates"]) with input as facts("kubeadm", {}, [])
	node.settings_unknown("kubelet", ["serverTLSBootstrap"]) == "kubelet setting serverTLSBootstrap was not recorded" with input as facts("kubeadm", {"kubelet": k}, [])
	node.settings_unknown("kubelet", ["rotateCertificates"]) == "the effective configuration of kubelet was not recorded" with input as facts("kubeadm", {"kubelet": {"source": "process", "flags": {}}}, [])
	emb := object.union(k, {"source": "embedded:k3s"})
	node.settings_unknown("kubelet", ["rotateCertificates"]) == "kubelet runs inside k3s, whose built-in arguments are not recorded, and neither its configuration files nor kubelet-arg set rotateCertificates" with input as facts("k3s", {"kubelet": emb}, [])

	# A config file that could not be parsed leaves its settings unknown, never defaulted.
	broken := kubelet("config-file", {"rotateCertificates": {"value": null, "source": "unknown", "error": "/var/lib/kubelet/config.yaml: yaml: line 2: mapping values are not allowed in this context"}})
	node.settings_unknown("kubelet", ["rotateCertificates"]) == "kubelet setting rotateCertificates (/var/lib/kubelet/config.yaml: yaml: line 2: mapping values are not allowed in this context) could not be determined" with input as facts("kubeadm", {"kubelet": broken}, [])
}

file(path, roles, mode, owner, group, uid, gid) := {
	"path": path, "roles": roles, "discoveredBy": ["test"], "exists": true, "type": "file",
	"mode": node.octal(mode), "modeBits": mode, "uid": uid, "gid": gid, "owner": owner, "group": group,
}

test_mode_within_compares_bits if {
	node.mode_within({"modeBits": 384}, 384) # 0600
	node.mode_within({"modeBits": 256}, 384) # 0400
	node.mode_within({"modeBits": 0}, 384)
	not node.mode_within({"modeBits": 420}, 384) # 0644
	not node.mode_within({"modeBits": 392}, 384) # 0610: smaller than 0644 in decimal, still a bit outside 0600
	not node.mode_within({"modeBits": 2432}, 384) # 04600: setuid
	node.mode_within({"modeBits": 448}, 448) # 0700 within 0700
	not node.mode_within({"modeBits": 456}, 448) # 0710
	node.mode_within({"modeBits": 292}, 420) # 0444 within 0644
	not node.mode_within({"modeBits": 436}, 420) # 0664
	node.octal(384) == "0600"
	node.octal(2541) == "4755"
}

test_ownership if {
	f := file("/a", ["x"], 384, "root", "root", 0, 0)
	node.root_owned(f)
	node.ownership_known(f, "root", "root")
	not node.root_owned(file("/a", ["x"], 384, "alice", "root", 1000, 0))
	not node.root_owned(file("/a", ["x"], 384, "root", "adm", 0, 4))

	# Without names, uid/gid 0 still decide root.
	nameless := object.remove(f, ["owner", "group"])
	node.root_owned(nameless)
	node.ownership_known(nameless, "root", "root")
	other := object.union(nameless, {"uid": 1000})
	not node.root_owned(other)
	node.ownership_known(other, "root", "root")
	node.owner_label(other) == "1000:0"

	# etcd:etcd needs names, except that id 0 is certainly not etcd.
	e := file("/var/lib/etcd", ["etcd-data-dir"], 448, "etcd", "etcd", 998, 998)
	node.owned_by(e, "etcd", "etcd")
	not node.ownership_known(object.remove(e, ["owner", "group"]), "etcd", "etcd")
	node.ownership_known(object.remove(nameless, []), "etcd", "etcd")
	not node.owned_by(nameless, "etcd", "etcd")

	node.ownership_path(file("/a", ["x"], 384, "root", "adm", 0, 4), "root", "root") == "files[/a].group"
	node.ownership_path(file("/a", ["x"], 384, "bob", "root", 7, 0), "root", "root") == "files[/a].owner"
}

test_files_by_role if {
	fs := [
		file("/etc/kubernetes/manifests/kube-apiserver.yaml", ["apiserver-manifest", "static-pod-manifest"], 384, "root", "root", 0, 0),
		{"path": "/etc/kubernetes/pki/old.pub", "roles": ["apiserver-service-account-key"], "discoveredBy": ["flag"], "exists": false},
		{"path": "/etc/cni/net.d/loop", "roles": ["cni-config"], "discoveredBy": ["x"], "exists": true, "type": "symlink", "mode": "0777", "modeBits": 511, "error": "symlink loop"},
	]
	count(node.existing({"apiserver-manifest"})) == 1 with input as facts("kubeadm", {}, fs)
	count(node.existing(["apiserver-manifest", "static-pod-manifest"])) == 1 with input as facts("kubeadm", {}, fs)
	count(node.missing({"apiserver-service-account-key"})) == 1 with input as facts("kubeadm", {}, fs)
	node.file("/etc/kubernetes/pki/old.pub").exists == false with input as facts("kubeadm", {}, fs)
	count(node.mode_judged({"cni-config"})) == 0 with input as facts("kubeadm", {}, fs)
	count(node.mode_unknown({"cni-config"})) == 1 with input as facts("kubeadm", {}, fs)
	node.file_path(fs[0]) == "files[/etc/kubernetes/manifests/kube-apiserver.yaml]"
}

test_files_skip if {
	node.files_skip({"apiserver-manifest"}, "kube-apiserver", "API server pod specification file") == "managed control plane (gke): kube-apiserver is run by the provider" with input as facts("gke", {}, [])
	node.files_skip({"apiserver-manifest"}, "kube-apiserver", "API server pod specification file") == "kube-apiserver is not running on this node and no API server pod specification file was found" with input as facts("kubeadm", {}, [])
	node.files_skip({"apiserver-manifest"}, "kube-apiserver", "API server pod specification file") == "no API server pod specification file was found (kube-apiserver runs inside k3s)" with input as facts("k3s", {"kube-apiserver": {"source": "embedded:k3s"}}, [])
	node.files_skip({"apiserver-manifest"}, "kube-apiserver", "API server pod specification file") == "no API server pod specification file was found (kube-apiserver is not defined by a static pod manifest)" with input as facts("generic", {"kube-apiserver": {"source": "process"}}, [])
	node.files_skip({"kubelet-kubeconfig"}, "kubelet", "kubelet kubeconfig") == "kubelet kubeconfig /var/lib/kubelet/kubeconfig does not exist" with input as facts("eks", {"kubelet": {"source": "process"}}, [{"path": "/var/lib/kubelet/kubeconfig", "roles": ["kubelet-kubeconfig"], "discoveredBy": ["x"], "exists": false}])
	not node.files_skip({"kubelet-kubeconfig"}, "kubelet", "kubelet kubeconfig") with input as facts("eks", {}, [file("/var/lib/kubelet/kubeconfig", ["kubelet-kubeconfig"], 420, "root", "root", 0, 0)])
}

test_mode_and_owner_unknown if {
	link := {"path": "/etc/kubernetes/admin.conf", "roles": ["admin-kubeconfig"], "discoveredBy": ["x"], "exists": true, "type": "symlink", "mode": "0777", "modeBits": 511, "uid": 0, "gid": 0, "error": "dangling symlink"}
	not node.files_skip({"admin-kubeconfig"}, "kube-apiserver", "administrative kubeconfig") with input as facts("kubeadm", {}, [link])
	node.mode_unknown_reason({"admin-kubeconfig"}, "administrative kubeconfig") == "the mode of administrative kubeconfig /etc/kubernetes/admin.conf could not be read (dangling symlink)" with input as facts("kubeadm", {}, [link])
	node.owner_unknown_reason({"admin-kubeconfig"}, "administrative kubeconfig", "root", "root") == "the ownership of administrative kubeconfig /etc/kubernetes/admin.conf could not be read (dangling symlink)" with input as facts("kubeadm", {}, [link])
	ok := file("/etc/kubernetes/admin.conf", ["admin-kubeconfig"], 384, "root", "root", 0, 0)
	not node.mode_unknown_reason({"admin-kubeconfig"}, "administrative kubeconfig") with input as facts("kubeadm", {}, [ok])
}

test_unreadable_files_are_not_missing if {
	# A file whose existence could not be decided is not absent: no skip,
	# and the check is unknown.
	denied := {"path": "/etc/kubernetes/admin.conf", "roles": ["admin-kubeconfig"], "discoveredBy": ["x"], "exists": false, "error": "permission denied"}
	not node.files_skip({"admin-kubeconfig"}, "kube-apiserver", "administrative kubeconfig") with input as facts("kubeadm", {"kube-apiserver": api}, [denied])
	node.mode_unknown_reason({"admin-kubeconfig"}, "administrative kubeconfig") == "administrative kubeconfig /etc/kubernetes/admin.conf could not be looked at (permission denied)" with input as facts("kubeadm", {"kube-apiserver": api}, [denied])
	count(node.missing_named_files("kube-apiserver", ["x"])) == 0 with input as facts("kubeadm", {"kube-apiserver": {"flags": {"x": ["/etc/kubernetes/admin.conf"]}}}, [denied])
}

test_partial_listing_is_unknown if {
	dir := {"path": "/etc/kubernetes/pki", "roles": ["pki-dir"], "discoveredBy": ["profile:kubeadm pki"], "exists": true, "type": "dir", "mode": "0755", "modeBits": 493, "uid": 0, "gid": 0, "owner": "root", "group": "root", "incomplete": "stopped after 5000 entries"}
	node.owner_unknown_reason({"pki-dir", "pki-cert"}, "Kubernetes PKI file", "root", "root") == "/etc/kubernetes/pki was listed only in part (stopped after 5000 entries)" with input as facts("kubeadm", {"kube-apiserver": api}, [dir])
	not node.owner_unknown_reason({"pki-dir", "pki-cert"}, "Kubernetes PKI file", "root", "root") with input as facts("kubeadm", {"kube-apiserver": api}, [object.remove(dir, ["incomplete"])])
}

test_admission_plugins if {
	p := node.admission_plugins({"flags": {"enable-admission-plugins": ["NodeRestriction,EventRateLimit"], "disable-admission-plugins": ["ServiceAccount"]}})
	"NodeRestriction" in p
	"EventRateLimit" in p
	"NamespaceLifecycle" in p
	not "ServiceAccount" in p
	node.admission_plugins({"flags": {"admission-control": ["NamespaceLifecycle,AlwaysAdmit"], "enable-admission-plugins": ["NodeRestriction"]}}) == {"NamespaceLifecycle", "AlwaysAdmit"}
	node.admission_plugins({"flags": {}}) == node.default_admission_plugins
}

test_describe_unset_setting if {
	k := kubelet("config-file", {
		"tlsCertFile": {"value": null, "source": "unset"},
		"staticPodPath": {"value": null, "source": "drop-in:/etc/k/10.conf"},
	})
	node.describe_setting("kubelet", "tlsCertFile", k, node.setting(k, "tlsCertFile")) == "kubelet tlsCertFile is not set"
	node.describe_setting("kubelet", "staticPodPath", k, node.setting(k, "staticPodPath")) == "kubelet staticPodPath is not set (set in drop-in /etc/k/10.conf)"
}

test_flag_value_is_total if {
	node.flag_value(api, "profiling") == "false"
	node.flag_value(api, "token-auth-file") == null
}

test_malformed_values_do_not_raise if {
	c := {"source": 7, "flags": {"profiling": [false], "audit-log-maxage": [30]}, "flagSources": {"profiling": 1}}
	not node.embedded(c)
	node.flag(c, "profiling") == "false"
	node.at_least(node.flag(c, "audit-log-maxage"), 30)
	node.origin(3) == "set by 3"
	node.origin(node.flag_source(c, "profiling")) == "set on the command line"
}

test_malformed_files_are_not_judged if {
	odd := {"path": "/b", "roles": ["etcd-data-dir"], "exists": true, "modeBits": "420", "uid": "0", "owner": 5}
	not node.mode_known(odd)
	not node.ownership_known(odd, "root", "root")
	node.owner_label(odd) == "?:?"
	node.runs_how("kube-scheduler") == "kube-scheduler was found through an unknown source" with input as facts("kubeadm", {"kube-scheduler": {"flags": {}}}, [])
	node.files_skip({"scheduler-kubeconfig"}, "kube-scheduler", "scheduler kubeconfig") == "no scheduler kubeconfig was found (kube-scheduler was found through an unknown source)" with input as facts("kubeadm", {"kube-scheduler": {"flags": {}}}, [])
}

test_default_location_of_absent_component_is_skipped if {
	doc := {
		"apiVersion": "kubeassay/v1", "kind": "NodeFacts", "metadata": {"name": "w1"},
		"platform": {"name": "generic"}, "components": {},
		"files": [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["profile:generic default"], "exists": true, "type": "dir", "mode": "0700", "modeBits": 448, "uid": 102, "gid": 105, "owner": "etcd", "group": "etcd"}],
	}
	r := node.files_skip({"etcd-data-dir"}, "etcd", "etcd data directory") with input as doc
	contains(r, "etcd is not running on this node")
}

test_named_file_of_running_component_is_judged if {
	doc := {
		"apiVersion": "kubeassay/v1", "kind": "NodeFacts", "metadata": {"name": "cp1"},
		"platform": {"name": "kubeadm"}, "components": {"etcd": {"flags": {"data-dir": ["/var/lib/etcd"]}}},
		"files": [{"path": "/var/lib/etcd", "roles": ["etcd-data-dir"], "discoveredBy": ["flag:etcd --data-dir"], "exists": true, "type": "dir", "mode": "0700", "modeBits": 448}],
	}
	not node.files_skip({"etcd-data-dir"}, "etcd", "etcd data directory") with input as doc
}

test_set_flags_are_unknown_when_flags_are_incomplete if {
	cut := {"path": "/proc/101/cmdline", "message": "the command line is cut short (it does not end with NUL): flags after the cut are not known"}
	api_cut := {"name": "kube-apiserver", "source": "process", "flags": {"profiling": ["false"]}, "unreadable": [cut], "flagsIncomplete": true}
	node.flag_unknown(api_cut, "profiling")
	node.flags_unknown("kube-apiserver", ["profiling"]) == "kube-apiserver --profiling could not be determined: /proc/101/cmdline: the command line is cut short (it does not end with NUL): flags after the cut are not known" with input as facts("kubeadm", {"kube-apiserver": api_cut}, [])

	# Without the mark, a flag that was read keeps its value.
	not node.flag_unknown(object.remove(api_cut, ["flagsIncomplete"]), "profiling")
}
