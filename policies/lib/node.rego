# METADATA
# title: Node facts helpers
# description: |
#   Reads a NodeFacts document (docs/node-facts.md): the components found on
#   the node with their flags, the kubelet's and kube-proxy's effective
#   configuration with where each setting came from, the files the CIS
#   recommendations name with their roles, mode and owner, and the platform.
#   Every node check goes through these helpers, so that defaults, provenance,
#   paths and skip reasons are worded the same way everywhere.
package kubeassay.lib.node

# ---------------------------------------------------------------------------
# Platform

platform := name if {
	name := input.platform.name
	is_string(name)
	name != ""
} else := "generic"

managed_platforms := {"eks", "gke", "aks"}

# managed is true on a platform whose provider runs the control plane.
managed if platform in managed_platforms

# control_plane lists the components a managed platform's provider runs.
control_plane := {"kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"}

# ---------------------------------------------------------------------------
# Components and flags

components := c if {
	c := input.components
	is_object(c)
} else := {}

present(name) if is_object(components[name])

# embedded is true for a component run inside a k3s or rke2 supervisor, whose
# flags are only the <component>-arg options (its built-in ones are not seen).
embedded(c) if {
	source := object.get(c, "source", "")
	is_string(source)
	startswith(source, "embedded:")
}

supervisor(c) := substring(c.source, count("embedded:"), -1)

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

# default_admission_plugins are the admission plugins kube-apiserver runs
# when no flag says otherwise (Kubernetes 1.34).
default_admission_plugins := {
	"CertificateApproval",
	"CertificateSigning",
	"CertificateSubjectRestriction",
	"ClusterTrustBundleAttest",
	"DefaultIngressClass",
	"DefaultStorageClass",
	"DefaultTolerationSeconds",
	"LimitRanger",
	"MutatingAdmissionWebhook",
	"NamespaceLifecycle",
	"PersistentVolumeClaimResize",
	"PodSecurity",
	"Priority",
	"ResourceQuota",
	"RuntimeClass",
	"ServiceAccount",
	"StorageObjectInUseProtection",
	"TaintNodesByCondition",
	"ValidatingAdmissionPolicy",
	"ValidatingAdmissionWebhook",
}

# admission_plugins is the set of admission plugins kube-apiserver runs: the
# deprecated --admission-control list when set (it replaces the defaults),
# else the defaults plus --enable-admission-plugins less
# --disable-admission-plugins.
# Undefined when a list that was not given could have been set in a source
# that could not be read.
admission_plugins(c) := {p | some p in flag_list(c, "admission-control")} if {
	flag_set(c, "admission-control")
} else := (default_admission_plugins | {p | some p in flag_list(c, "enable-admission-plugins")}) - {p | some p in flag_list(c, "disable-admission-plugins")} if {
	not flag_unknown(c, "admission-control")
	not flag_unknown(c, "enable-admission-plugins")
	not flag_unknown(c, "disable-admission-plugins")
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

# Boolean flags are parsed as Go's strconv.ParseBool does.
true_strings := {"1", "t", "true"}

false_strings := {"0", "f", "false"}

is_true(v) if lower(sprintf("%v", [v])) in true_strings

is_false(v) if lower(sprintf("%v", [v])) in false_strings

# int_value is a decimal integer string as a number; undefined otherwise.
int_value(s) := to_number(t) if {
	is_string(s)
	t := trim_space(s)
	regex.match(`^-?[0-9]+$`, t)
}

int_value(n) := n if is_number(n)

at_least(v, least) if int_value(v) >= least

# loopback is true for an address on the loopback interface: 127.0.0.0/8,
# ::1 or localhost.
loopback(addr) if {
	is_string(addr)
	regex.match(`^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$`, addr)
}

loopback(addr) if {
	is_string(addr)
	lower(addr) in {"::1", "localhost", "0:0:0:0:0:0:0:1"}
}

# host_of is the host part of "host:port", "[v6]:port", a bare host or a bare
# IPv6 address.
host_of(addr) := h if {
	startswith(addr, "[")
	contains(addr, "]")
	h := substring(addr, 1, indexof(addr, "]") - 1)
} else := h if {
	count(split(addr, ":")) == 2
	h := split(addr, ":")[0]
} else := addr

# ---------------------------------------------------------------------------
# Effective configuration (kubelet, kube-proxy)

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

# ---------------------------------------------------------------------------
# kube-apiserver authorizers

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

# ---------------------------------------------------------------------------
# Provenance in words

# origin says where a value came from, for messages: "the default", "set on
# the command line", "set in static pod manifest /etc/...", "set in /etc/...".
origin(s) := sprintf("set by %v", [s]) if {
	not is_string(s)
} else := "the default" if {
	s == "default"
} else := "not set" if {
	s == "unset"
} else := concat(" ", ["set", where(s)])

# where renders a source that set a value: "on the command line", "in static
# pod manifest /etc/...", "in environment file ...", "in drop-in ...".
where(s) := "on the command line" if {
	s == "cmdline"
} else := sprintf("in static pod manifest %s", [substring(s, count("manifest:"), -1)]) if {
	startswith(s, "manifest:")
} else := sprintf("in environment file %s", [substring(s, count("env-file:"), -1)]) if {
	startswith(s, "env-file:")
} else := sprintf("by an ETCD_* environment variable (%s)", [substring(s, count("env:"), -1)]) if {
	startswith(s, "env:")
} else := sprintf("in %s", [substring(s, count("file:"), -1)]) if {
	startswith(s, "file:")
} else := sprintf("in drop-in %s", [substring(s, count("drop-in:"), -1)]) if {
	startswith(s, "drop-in:")
} else := sprintf("by the %s profile", [substring(s, count("profile:"), -1)]) if {
	startswith(s, "profile:")
} else := sprintf("by %v", [s])

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
# Paths into the document and findings

finding(msg, path, value) := {"msg": msg, "path": path, "value": value}

flag_path(comp, name) := sprintf("components.%s.flags.%s", [comp, name])

setting_path(comp, key) := sprintf("components.%s.config.settings[%s]", [comp, key])

file_path(f) := sprintf("files[%s]", [f.path])

# ---------------------------------------------------------------------------
# Files

# missing_named_files warns of each file a component's flags name that does
# not exist on the node: the component cannot use it. A file whose existence
# could not be decided (an error) is not said to be missing.
missing_named_files(name, flags) := {finding(msg, sprintf("%s.exists", [file_path(f)]), false) |
	c := components[name]
	some flag_name in flags
	p := flag(c, flag_name)
	f := file(p)
	f.exists == false
	object.get(f, "error", "") == ""
	msg := sprintf("%s --%s names %s, which does not exist on this node", [name, flag_name, p])
}

files := fs if {
	fs := input.files
	is_array(fs)
} else := []

# with_roles is every recorded file carrying one of the roles, existing or
# not. roles is a set or an array.
with_roles(roles) := {f |
	some f in files
	some r in object.get(f, "roles", [])
	r in roles
}

# existing is the files with one of the roles that exist on the node.
existing(roles) := {f | some f in with_roles(roles); f.exists == true}

# missing is the files with one of the roles that were named (by a flag, a
# config file or the profile) but do not exist.
missing(roles) := {f | some f in with_roles(roles); f.exists == false}

# file is the record of a host path; undefined when it was not recorded.
file(path) := f if {
	some f in files
	f.path == path
}

# A followed symlink reports its target's mode and owner; a link that could
# not be followed (a loop, a chain, dangling) reports only the link itself,
# which says nothing about the file it stands for.
unfollowed_link(f) if f.type == "symlink"

# mode_known is true when the file's permission bits were recorded.
mode_known(f) if {
	is_number(f.modeBits)
	not unfollowed_link(f)
}

# mode_within is true when the file's permission bits include no bit outside
# max ("max or more restrictive"). Bits, never decimal: max is a number such
# as 384 (0600), 420 (0644) or 448 (0700).
mode_within(f, limit) if bits.and(f.modeBits, bits.negate(limit)) == 0

# octal renders mode bits the way chmod takes them ("0600").
octal(n) := sprintf("%04o", [n])

# Ownership. The names come from the node's own /etc/passwd and /etc/group;
# when a name was not recorded only root can still be decided, by id 0.
user_known(f, _) if name_recorded(f, "owner")

user_known(f, "root") if is_number(object.get(f, "uid", null))

user_known(f, _) if object.get(f, "uid", null) == 0

group_known(f, _) if name_recorded(f, "group")

group_known(f, "root") if is_number(object.get(f, "gid", null))

group_known(f, _) if object.get(f, "gid", null) == 0

user_is(f, want) if object.get(f, "owner", "") == want

user_is(f, "root") if {
	not name_recorded(f, "owner")
	object.get(f, "uid", null) == 0
}

group_is(f, want) if object.get(f, "group", "") == want

group_is(f, "root") if {
	not name_recorded(f, "group")
	object.get(f, "gid", null) == 0
}

name_recorded(f, field) if {
	n := f[field]
	is_string(n)
	n != ""
}

# ownership_known is true when it can be decided whether the file is owned by
# user:group.
ownership_known(f, user, group) if {
	not unfollowed_link(f)
	user_known(f, user)
	group_known(f, group)
}

owned_by(f, user, group) if {
	user_is(f, user)
	group_is(f, group)
}

root_owned(f) if owned_by(f, "root", "root")

# owner_label renders the owner as user:group, with ids where no name is known.
owner_label(f) := sprintf("%s:%s", [id_label(f, "owner", "uid"), id_label(f, "group", "gid")])

id_label(f, name_field, id_field) := f[name_field] if {
	name_recorded(f, name_field)
} else := sprintf("%v", [n]) if {
	n := object.get(f, id_field, null)
	is_number(n)
} else := "?"

# ownership_path points at the owner, or at the group when only it is wrong.
ownership_path(f, user, group) := sprintf("%s.group", [file_path(f)]) if {
	user_is(f, user)
	not group_is(f, group)
} else := sprintf("%s.owner", [file_path(f)])

# ---------------------------------------------------------------------------
# Skip reasons

# component_skip says why a check of a component does not apply here:
#   managed control plane (eks): kube-apiserver is run by the provider
#   kube-apiserver is not running on this node
component_skip(name) := reason if {
	managed
	name in control_plane
	reason := sprintf("managed control plane (%s): %s is run by the provider", [platform, name])
} else := reason if {
	not present(name)
	reason := sprintf("%s is not running on this node", [name])
}

# ---------------------------------------------------------------------------
# Findings shared by many checks

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

# wider_than is a finding for each file of the roles whose mode has a bit
# outside limit (384 is 0600, 448 is 0700).
wider_than(roles, what, limit) := {finding(msg, sprintf("%s.mode", [file_path(f)]), mode) |
	some f in mode_judged(roles)
	not mode_within(f, limit)
	mode := octal(f.modeBits)
	msg := sprintf("%s %s has mode %s, not %s or more restrictive", [what, f.path, mode, octal(limit)])
}

# not_owned_by is a finding for each file of the roles not owned by
# user:group.
not_owned_by(roles, what, user, group) := {finding(msg, ownership_path(f, user, group), owner) |
	some f in owner_judged(roles, user, group)
	not owned_by(f, user, group)
	owner := owner_label(f)
	msg := sprintf("%s %s is owned by %s, not %s:%s", [what, f.path, owner, user, group])
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

# authorizer_missing is a finding when kube-apiserver's authorizer chain
# lacks mode.
authorizer_missing(mode) := {finding(msg, flag_path("kube-apiserver", "authorization-mode"), flag_value(c, "authorization-mode")) |
	c := components["kube-apiserver"]
	not mode in authorization_modes(c)
	msg := sprintf("%s does not include %s", [describe_authorization_modes(c), mode])
}

# admission_unknown says why kube-apiserver's admission plugin set cannot be
# known: it depends on all three list flags.
admission_unknown := flags_unknown("kube-apiserver", ["admission-control", "enable-admission-plugins", "disable-admission-plugins"])

# describe_plugin_flag renders an admission plugin list flag as it is set.
describe_plugin_flag(c, name) := sprintf("kube-apiserver --%s=%s (%s)", [name, concat(",", flag_list(c, name)), origin(flag_source(c, name))])

# default_plugin_off is a finding when an admission plugin that is on by
# default is turned off: by --disable-admission-plugins, or by the
# deprecated --admission-control replacing the whole list.
default_plugin_off(plugin) := {finding(msg, flag_path("kube-apiserver", "admission-control"), flag_value(c, "admission-control")) |
	c := components["kube-apiserver"]
	flag_set(c, "admission-control")
	not plugin in admission_plugins(c)
	msg := sprintf("%s does not list %s", [describe_plugin_flag(c, "admission-control"), plugin])
} | {finding(msg, flag_path("kube-apiserver", "disable-admission-plugins"), flag_value(c, "disable-admission-plugins")) |
	c := components["kube-apiserver"]
	not flag_set(c, "admission-control")
	plugin in flag_list(c, "disable-admission-plugins")
	msg := sprintf("%s turns off %s", [describe_plugin_flag(c, "disable-admission-plugins"), plugin])
}

# setting_not_true is a finding when a boolean setting is not true.
setting_not_true(name, key) := {finding(msg, setting_path(name, key), st.value) |
	c := components[name]
	st := setting(c, key)
	not is_true(st.value)
	msg := sprintf("%s; want true", [describe_setting(name, key, c, st)])
}

# etcd_files_skip adds, to files_skip, an etcd run inside the k3s/rke2
# process: it runs as root, and no etcd user owns its files.
etcd_files_skip(roles, what) := reason if {
	reason := files_skip(roles, "etcd", what)
} else := reason if {
	etcd := components.etcd
	embedded(etcd)
	paths := concat(", ", sort([f.path | some f in existing(roles)]))
	reason := sprintf("etcd runs inside the %s process, as root: no etcd user owns %s", [supervisor(etcd), paths])
}

# kubelet_config_skip adds, to files_skip, a kubelet that runs without a
# --config file: its settings come from flags, and it has no such file.
kubelet_config_skip(roles, what) := reason if {
	count(existing(roles)) == 0
	kubelet := components.kubelet
	not config(kubelet).configFile
	reason := sprintf("kubelet runs without a --config file (%s): its settings come from flags", [kubelet.source])
} else := reason if {
	reason := files_skip(roles, "kubelet", what)
}

# ---------------------------------------------------------------------------
# Unknown reasons: what a check needed and could not read. A check's unknown
# rule makes its control ERROR on this node (never PASS); its skip rule, which
# says the check does not apply here, wins over it.

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

# runs_how says how a component that has no file of a role runs.
runs_how(name) := sprintf("%s runs inside %s", [name, supervisor(components[name])]) if {
	embedded(components[name])
} else := sprintf("%s is not defined by a static pod manifest", [name]) if {
	components[name].source == "process"
} else := sprintf("%s was found through %v", [name, object.get(components[name], "source", "an unknown source")])

# files_skip says why no file of the roles is there to judge:
#   managed control plane (gke): kube-apiserver is run by the provider
#   kubelet kubeconfig /var/lib/kubelet/kubeconfig does not exist
#   kube-scheduler is not running on this node and no scheduler kubeconfig was found
#   no API server pod specification file was found (kube-apiserver runs inside k3s)
# A file whose existence could not be decided is not absent: it leaves the
# check unknown instead (see files_unknown).
files_skip(roles, comp, what) := reason if {
	managed
	comp in control_plane
	reason := sprintf("managed control plane (%s): %s is run by the provider", [platform, comp])
} else := reason if {
	count(existing(roles)) == 0
	count(unstatable(roles)) == 0
	count(incomplete(roles)) == 0
	reason := no_file_reason(roles, comp, what)
} else := reason if {
	# A default location of a component that does not run here says
	# nothing about that component: a leftover /var/lib/etcd on a worker.
	comp in control_plane
	not present(comp)
	every f in existing(roles) {
		only_by_default(f)
	}
	reason := sprintf("%s is not running on this node; its %s was looked for only at default locations", [comp, what])
}

# only_by_default holds for a file found only because a platform profile
# lists its default location, not because a flag or config named it.
only_by_default(f) if {
	every d in object.get(f, "discoveredBy", []) {
		startswith(d, "profile:")
	}
}

no_file_reason(roles, comp, what) := reason if {
	paths := sort([f.path | some f in missing(roles)])
	count(paths) > 0
	reason := sprintf("%s %s does not exist", [what, concat(", ", paths)])
} else := reason if {
	not present(comp)
	reason := sprintf("%s is not running on this node and no %s was found", [comp, what])
} else := sprintf("no %s was found (%s)", [what, runs_how(comp)])

# unstatable is the files of the roles whose existence could not be decided:
# looking them up failed for another reason than absence.
unstatable(roles) := {f |
	some f in with_roles(roles)
	f.exists == false
	object.get(f, "error", "") != ""
}

# incomplete is the directories of the roles that were listed only in part
# (an entry could not be read, or the listing hit its cap): files of the roles
# may be missing from the facts.
incomplete(roles) := {f |
	some f in with_roles(roles)
	object.get(f, "incomplete", "") != ""
}

# files_unknown says why a file check cannot be decided: files it could not
# look at, directories listed in part, and the existing files in unread whose
# attr (mode, ownership) could not be read.
files_unknown(roles, what, attr, unread) := reason if {
	parts := array.concat(
		array.concat(
			[sprintf("%s %s could not be looked at (%s)", [what, f.path, f.error]) | some f in unstatable(roles)],
			[sprintf("%s was listed only in part (%s)", [f.path, f.incomplete]) | some f in incomplete(roles)],
		),
		[sprintf("the %s of %s %s could not be read (%s)", [attr, what, f.path, unread_why(f, attr)]) | some f in unread],
	)
	count(parts) > 0
	reason := concat("; ", sort(parts))
}

unread_why(f, attr) := f.error if {
	is_string(f.error)
	f.error != ""
} else := sprintf("owner %s, names not recorded", [owner_label(f)]) if {
	attr == "ownership"
} else := "not recorded"

# mode_unknown_reason says why a mode check cannot be decided, if it cannot.
mode_unknown_reason(roles, what) := files_unknown(roles, what, "mode", mode_unknown(roles))

# mode_judged is the existing files of the roles whose mode is known.
mode_judged(roles) := {f | some f in existing(roles); mode_known(f)}

# mode_unknown is the existing files of the roles whose mode is not known.
mode_unknown(roles) := {f | some f in existing(roles); not mode_known(f)}

# owner_unknown_reason says why an ownership check cannot be decided, if it
# cannot.
owner_unknown_reason(roles, what, user, group) := files_unknown(roles, what, "ownership", owner_unknown(roles, user, group))

owner_judged(roles, user, group) := {f | some f in existing(roles); ownership_known(f, user, group)}

owner_unknown(roles, user, group) := {f | some f in existing(roles); not ownership_known(f, user, group)}
