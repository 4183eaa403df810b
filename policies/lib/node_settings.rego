# Effective settings of the kubelet and kube-proxy: each as recorded with
# where it came from (a flag, a config file, a drop-in, a default), whether
# it can be known, how it reads in a message, and the findings the setting
# checks share.
package kubeassay.lib.node

config(c) := cfg if {
	cfg := c.config
	is_object(cfg)
}

# recorded_setting is one effective setting as recorded {"value", "source",
# "origin", "history"}, known or not; undefined when it was not recorded.
recorded_setting(c, key) := st if {
	st := config(c).settings[key]
	is_object(st)
}

# setting is one effective setting whose value is known; undefined when it
# was not recorded or cannot be known (setting_unknown), so that no default
# stands in for a value that could not be read.
setting(c, key) := st if {
	st := recorded_setting(c, key)
	not setting_unknown(c, key)
}

# setting_unknown is true when a setting's value cannot be known: a file
# that could set it could not be read or parsed ("unknown"), or an embedded
# component leaves it to its default (k3s/rke2 may pass a built-in flag).
setting_unknown(c, key) if recorded_setting(c, key).source == "unknown"

setting_unknown(c, key) if {
	embedded(c)
	recorded_setting(c, key).source in {"default", "unset"}
}

# settings_unknown says why some of a component's settings cannot be known:
# its effective configuration or the setting was not recorded, a file that
# could set it could not be read, or an embedded component leaves it to a
# default k3s/rke2 may override.
settings_unknown(name, keys) := reason if {
	present(name)
	not config(components[name])
	reason := sprintf("the effective configuration of %s was not recorded", [name])
} else := reason if {
	c := components[name]
	absent := [k | some k in keys; not recorded_setting(c, k)]
	count(absent) > 0
	reason := sprintf("%s setting %s was not recorded", [name, concat(", ", absent)])
} else := reason if {
	c := components[name]
	broken := [sprintf("%s (%s)", [k, object.get(recorded_setting(c, k), "error", "its source could not be read")]) |
		some k in keys
		recorded_setting(c, k).source == "unknown"
	]
	count(broken) > 0
	reason := sprintf("%s setting %s could not be determined", [name, concat(", ", broken)])
} else := reason if {
	c := components[name]
	unknown := [k | some k in keys; setting_unknown(c, k)]
	count(unknown) > 0
	reason := sprintf(
		"%s runs inside %s, whose built-in arguments are not recorded, and neither its configuration files nor %s-arg set %s",
		[name, supervisor(c), name, concat(", ", unknown)],
	)
}

# ---------------------------------------------------------------------------
# In words

# setting_origin says where an effective setting came from; a default names
# which defaults applied (they differ with and without --config).
setting_origin(c, st) := sprintf("set by a flag %s", [where(st.origin)]) if {
	st.source == "flag"
	is_string(st.origin)
} else := "set by a flag" if {
	st.source == "flag"
} else := "the default when a --config file is used" if {
	st.source == "default"
	config(c).defaults == "config-file"
} else := "the command-line default, no --config file is used" if {
	st.source == "default"
} else := origin(st.source)

# describe_setting renders an effective setting for a message:
#   kubelet authentication.anonymous.enabled is true (set in /var/lib/kubelet/config.yaml)
#   kubelet readOnlyPort is 10255 (the command-line default, no --config file is used)
#   kubelet authentication.x509.clientCAFile is not set
describe_setting(comp, key, c, st) := sprintf("%s %s is not set", [comp, key]) if {
	st.source == "unset"
} else := sprintf("%s %s is not set (%s)", [comp, key, setting_origin(c, st)]) if {
	st.value == null
} else := sprintf("%s %s is %s (%s)", [comp, key, json.marshal(st.value), setting_origin(c, st)])

# ---------------------------------------------------------------------------
# Findings shared by the setting checks

# setting_not_true is a finding when a boolean setting is not true.
setting_not_true(name, key) := {finding(msg, setting_path(name, key), st.value) |
	c := components[name]
	st := setting(c, key)
	not is_true(st.value)
	msg := sprintf("%s; want true", [describe_setting(name, key, c, st)])
}
