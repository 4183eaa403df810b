# kube-apiserver's authorizer chain: --authorization-mode (AlwaysAllow when
# unset), whether the chain can be known, and the finding for a missing mode.
package kubeassay.lib.node

# authorization_modes is the authorizer chain: every value of
# --authorization-mode (the flag accumulates when repeated), AlwaysAllow when
# it is unset.
authorization_modes(c) := flag_list(c, "authorization-mode") if {
	flag_set(c, "authorization-mode")
} else := ["AlwaysAllow"] if {
	not flag_unknown(c, "authorization-mode")
}

describe_authorization_modes(c) := sprintf("kube-apiserver --authorization-mode=%s (%s)", [concat(",", authorization_modes(c)), origin(flag_source(c, "authorization-mode"))]) if {
	flag_set(c, "authorization-mode")
} else := "kube-apiserver --authorization-mode is not set (default AlwaysAllow)"

# authorization_unknown says why kube-apiserver's authorizer chain cannot be
# known: the flag cannot be read, or --authorization-config names a file whose
# content the node facts do not record.
authorization_unknown := reason if {
	reason := flags_unknown("kube-apiserver", ["authorization-mode"])
} else := reason if {
	c := components["kube-apiserver"]
	not flag_set(c, "authorization-mode")
	flag_nonempty(c, "authorization-config")
	reason := sprintf(
		"kube-apiserver takes its authorizers from --authorization-config=%s (%s), whose content the node facts do not record",
		[flag(c, "authorization-config"), origin(flag_source(c, "authorization-config"))],
	)
}

# authorizer_missing is a finding when kube-apiserver's authorizer chain
# lacks mode.
authorizer_missing(mode) := {finding(msg, flag_path("kube-apiserver", "authorization-mode"), flag_value(c, "authorization-mode")) |
	c := components["kube-apiserver"]
	not mode in authorization_modes(c)
	msg := sprintf("%s does not include %s", [describe_authorization_modes(c), mode])
}
