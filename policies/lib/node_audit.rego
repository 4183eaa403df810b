# kube-apiserver's audit log: when its rotation does not apply, and the
# finding for a rotation flag below its least value.
package kubeassay.lib.node

# audit_log_skip says why kube-apiserver's audit log rotation does not apply.
audit_log_skip := reason if {
	reason := component_skip("kube-apiserver")
} else := reason if {
	flag(components["kube-apiserver"], "audit-log-path") == "-"
	reason := "kube-apiserver writes its audit log to standard output (--audit-log-path=-): there is no log file to rotate"
}

# audit_log_below is a finding when an audit log rotation flag of
# kube-apiserver is below least (unset, they are 0).
audit_log_below(name, least) := {finding(msg, flag_path("kube-apiserver", name), eff.raw) |
	eff := effective_flag(components["kube-apiserver"], name, "0")
	not at_least(eff.value, least)
	msg := sprintf("%s; want %d or more", [describe_flag("kube-apiserver", name, eff), least])
}
