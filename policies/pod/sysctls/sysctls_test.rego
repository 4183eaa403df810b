package kubeassay.checks.pod.sysctls_test

import data.kubeassay.checks.pod.sysctls

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

with_sysctls(list) := pod({"securityContext": {"sysctls": list}, "containers": [{"name": "a"}]})

test_unset_allowed if {
	count(sysctls.deny) == 0 with input as pod({"containers": [{"name": "a"}]})
	count(sysctls.deny) == 0 with input as with_sysctls([])
	count(sysctls.deny) == 0 with input as with_sysctls(null)
}

test_safe_set_allowed if {
	count(sysctls.deny) == 0 with input as with_sysctls([
		{"name": "kernel.shm_rmid_forced", "value": "1"},
		{"name": "net.ipv4.ip_local_port_range", "value": "1024 65535"},
		{"name": "net.ipv4.tcp_syncookies", "value": "1"},
		{"name": "net.ipv4.ping_group_range", "value": "0 2147483647"},
		{"name": "net.ipv4.ip_unprivileged_port_start", "value": "0"},
		{"name": "net.ipv4.ip_local_reserved_ports", "value": "1024-4999"},
		{"name": "net.ipv4.tcp_keepalive_time", "value": "7200"},
		{"name": "net.ipv4.tcp_fin_timeout", "value": "60"},
		{"name": "net.ipv4.tcp_keepalive_intvl", "value": "75"},
		{"name": "net.ipv4.tcp_keepalive_probes", "value": "9"},
		{"name": "net.ipv4.tcp_rmem", "value": "4096 87380 16777216"},
		{"name": "net.ipv4.tcp_wmem", "value": "4096 65536 16777216"},
	])
}

# Added to the safe set in 1.37.
test_safe_since_1_37 if {
	count(sysctls.deny) == 0 with input as with_sysctls([
		{"name": "net.ipv4.tcp_slow_start_after_idle", "value": "0"},
		{"name": "net.ipv4.tcp_notsent_lowat", "value": "16384"},
	])
}

test_forbidden_sysctls if {
	findings := sysctls.deny with input as with_sysctls([{"name": "a"}, {"name": "net.ipv4.tcp_syncookies", "value": "1"}, {"name": "b"}])
	findings == {
		{"msg": "pod sets sysctl \"a\", outside the safe set", "path": "spec.securityContext.sysctls[0].name", "value": "a"},
		{"msg": "pod sets sysctl \"b\", outside the safe set", "path": "spec.securityContext.sysctls[2].name", "value": "b"},
	}
}

test_unnamed_sysctl if {
	findings := sysctls.deny with input as with_sysctls([{"value": "1"}])
	{f.value | some f in findings} == {""}
}

test_deployment_path if {
	findings := sysctls.deny with input as {
		"apiVersion": "apps/v1",
		"kind": "Deployment",
		"metadata": {"name": "w"},
		"spec": {"template": {"spec": {
			"securityContext": {"sysctls": [{"name": "kernel.msgmax", "value": "65536"}]},
			"containers": [{"name": "a"}],
		}}},
	}
	findings == {{
		"msg": "pod sets sysctl \"kernel.msgmax\", outside the safe set",
		"path": "spec.template.spec.securityContext.sysctls[0].name",
		"value": "kernel.msgmax",
	}}
}
