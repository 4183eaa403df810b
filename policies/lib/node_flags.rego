# Command-line flags: each value a component's flags were given and where
# the effective one came from, list flags and feature gates, whether a flag
# can be known at all (an unreadable source, k3s/RKE2 built-in arguments, a
# command line cut short), how it reads in a message, and the findings the
# flag checks share.
package kubeassay.lib.node

# ---------------------------------------------------------------------------
# Values and provenance

# flag_values lists every value a flag was given, in order ([] when unset),
# as strings.
flag_values(c, name) := [s |
	some v in values
	s := as_string(v)
] if {
	values := c.flags[name]
	is_array(values)
} else := []

as_string(v) := v if is_string(v)

as_string(v) := sprintf("%v", [v]) if not is_string(v)

flag_set(c, name) if count(flag_values(c, name)) > 0

# flag is the effective (last) value of a flag; undefined when it is unset.
flag(c, name) := vs[count(vs) - 1] if {
	vs := flag_values(c, name)
	count(vs) > 0
}

# flag_value is the effective value of a flag, null when it is unset: a total
# value for findings, which must never become undefined.
flag_value(c, name) := v if {
	v := flag(c, name)
} else := null

# flag_nonempty is true when the flag is set to something other than "".
flag_nonempty(c, name) if trim_space(flag(c, name)) != ""

# flag_source says where a flag's effective value came from: cmdline,
# manifest:<path>, file:<path>, env-file:<path> or profile:<name>. When the
# facts do not say, the component's own source stands in for it.
flag_source(c, name) := s if {
	s := c.flagSources[name]
	is_string(s)
} else := s if {
	s := c.source
	is_string(s)
	regex.match(`^(manifest|env-file):`, s)
} else := "cmdline"

# flag_list is a list-valued flag (--authorization-mode,
# --enable-admission-plugins): every value split on commas, in order. Such
# flags accumulate when repeated, so every value counts, not just the last.
flag_list(c, name) := [item |
	some v in flag_values(c, name)
	some raw in split(v, ",")
	item := trim_space(raw)
	item != ""
]

# gate is the value of a feature gate in --feature-gates ("Name=true,..."),
# the last one when several set it; undefined when no value names it.
gate(c, name) := vs[count(vs) - 1] if {
	vs := [trim_space(kv[1]) |
		some item in flag_list(c, "feature-gates")
		kv := split(item, "=")
		count(kv) == 2
		trim_space(kv[0]) == name
	]
	count(vs) > 0
}

# effective_flag describes a flag's effective value: the last value and its
# source when set, else the component's default (null: no default).
#   {"set": true, "value": "false", "raw": "false", "source": "cmdline"}
#   {"set": false, "value": "true", "raw": null, "source": "default"}
# Undefined when the flag cannot be known (flag_unknown): its default must
# not stand in for a value that could not be read.
effective_flag(c, name, dflt) := {"set": true, "value": v, "raw": v, "source": flag_source(c, name)} if {
	v := flag(c, name)
} else := {"set": false, "value": dflt, "raw": null, "source": "default"} if {
	not flag_unknown(c, name)
}

# unreadable lists the sources of a component's flags or configuration that
# could not be read or parsed (a broken config file, an unreadable
# environment): a flag they could have set is unknown.
unreadable(c) := u if {
	u := c.unreadable
	is_array(u)
	count(u) > 0
}

unreadable_text(c) := concat("; ", sort([sprintf("%s: %s", [e.path, e.message]) | some e in unreadable(c)]))

# flag_unknown is true when a flag's value cannot be known: it is not set by
# any source that was read, and a source that could set it could not be read,
# or the component is embedded in k3s/rke2, which passes built-in arguments
# that the facts do not record; or, set or not, when a source that ranks after
# the flags recorded was not read whole (flagsIncomplete: a command line cut
# short, where a later argument may repeat the flag).
flag_unknown(c, name) if {
	embedded(c)
	not flag_set(c, name)
}

flag_unknown(c, name) if {
	unreadable(c)
	not flag_set(c, name)
}

flag_unknown(c, _) if object.get(c, "flagsIncomplete", false) == true

# ---------------------------------------------------------------------------
# In words

# describe_flag renders a flag's effective value for a message:
#   kube-apiserver --profiling=true (set on the command line)
#   kube-apiserver --profiling is not set (default true)
#   kube-apiserver --audit-log-path is not set
describe_flag(comp, name, eff) := sprintf("%s --%s=%s (%s)", [comp, name, eff.value, origin(eff.source)]) if eff.set

describe_flag(comp, name, eff) := sprintf("%s --%s is not set (default %v)", [comp, name, eff.value]) if {
	not eff.set
	eff.value != null
}

describe_flag(comp, name, eff) := sprintf("%s --%s is not set", [comp, name]) if {
	not eff.set
	eff.value == null
}

# ---------------------------------------------------------------------------
# Unknown flags

# flags_unknown says which of the flags cannot be known, and why.
flags_unknown(name, flags) := reason if {
	c := components[name]
	unknown := [sprintf("--%s", [f]) | some f in flags; flag_unknown(c, f); unreadable(c)]
	count(unknown) > 0
	reason := sprintf("%s %s could not be determined: %s", [name, concat(", ", unknown), unreadable_text(c)])
} else := reason if {
	c := components[name]
	unknown := [sprintf("--%s", [f]) | some f in flags; flag_unknown(c, f)]
	count(unknown) > 0
	reason := sprintf(
		"%s runs inside %s, whose built-in arguments are not recorded, and %s-arg does not set %s",
		[name, supervisor(c), name, concat(" or ", unknown)],
	)
}

# ---------------------------------------------------------------------------
# Findings shared by the flag checks

# unset_flags is a finding for each of the flags that is unset or empty
# (flags without a default: unset is the fault); why says what follows.
#   kube-apiserver --tls-cert-file is not set: the API server serves a self-signed certificate
unset_flags(name, flags, why) := {finding(msg, flag_path(name, f), eff.raw) |
	c := components[name]
	some f in flags
	not flag_nonempty(c, f)
	eff := effective_flag(c, f, null)
	msg := sprintf("%s: %s", [describe_flag(name, f, eff), why])
}

# profiling_on is a finding when the component's --profiling is not false
# (unset, it is true).
profiling_on(name) := {finding(msg, flag_path(name, "profiling"), eff.raw) |
	eff := effective_flag(components[name], "profiling", "true")
	not is_false(eff.value)
	msg := sprintf("%s; want false", [describe_flag(name, "profiling", eff)])
}

# bound_beyond_loopback is a finding when the component's --bind-address is
# not a loopback address (unset, it is 0.0.0.0: every interface).
bound_beyond_loopback(name) := {finding(msg, flag_path(name, "bind-address"), eff.raw) |
	eff := effective_flag(components[name], "bind-address", "0.0.0.0")
	not loopback(eff.value)
	msg := sprintf("%s; want 127.0.0.1", [describe_flag(name, "bind-address", eff)])
}
