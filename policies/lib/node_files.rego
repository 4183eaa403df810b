# Files the CIS recommendations name: which are recorded with which roles,
# whether they exist, their mode and owner, why none is there to judge
# (skip) or why one cannot be judged (unknown), the mode and ownership
# findings the file checks share, and what the two kube-proxy kubeconfig
# checks (mode, ownership) share.
package kubeassay.lib.node

# ---------------------------------------------------------------------------
# Files by role

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

# ---------------------------------------------------------------------------
# Modes

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

# ---------------------------------------------------------------------------
# Ownership

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
# Findings shared by the file checks

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

# ---------------------------------------------------------------------------
# Skip reasons

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

# runs_how says how a component that has no file of a role runs.
runs_how(name) := sprintf("%s runs inside %s", [name, supervisor(components[name])]) if {
	embedded(components[name])
} else := sprintf("%s is not defined by a static pod manifest", [name]) if {
	components[name].source == "process"
} else := sprintf("%s was found through %v", [name, object.get(components[name], "source", "an unknown source")])

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
# Unknown reasons

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

# ---------------------------------------------------------------------------
# The kube-proxy kubeconfig (its mode and its ownership are judged alike)
#
# Which file kube-proxy uses comes from its --kubeconfig, or
# clientConnection.kubeconfig in its --config file, else the platform's
# default location. Only a file on the node is judged: one that exists only
# inside kube-proxy's container (a ConfigMap volume of a DaemonSet, found
# through /proc/<pid>/root) is not.

kube_proxy_kubeconfig_roles := {"kube-proxy-kubeconfig"}

kube_proxy_kubeconfig_what := "kube-proxy kubeconfig"

# in_container is true for a file found through /proc/<pid>/root: it is
# inside a process's container, not a file on the node.
in_container(f) if regex.match(`^/proc/[0-9]+/root/`, f.path)

# kube_proxy_kubeconfig_config_unknown says why the kubeconfig kube-proxy
# uses cannot be known: its configuration could not be read. A kube-proxy
# inside k3s or RKE2 that leaves the setting to the supervisor's built-in
# arguments uses the platform's kubeconfig, which the facts record at its
# default location: that file is judged.
kube_proxy_kubeconfig_config_unknown := reason if {
	reason := settings_unknown("kube-proxy", ["clientConnection.kubeconfig"])
	not kube_proxy_kubeconfig_left_to_supervisor
}

kube_proxy_kubeconfig_left_to_supervisor if {
	c := components["kube-proxy"]
	embedded(c)
	recorded_setting(c, "clientConnection.kubeconfig").source in {"default", "unset"}
}

# kube_proxy_kubeconfig_skip says why no kube-proxy kubeconfig on the node is
# there to judge: none was found (files_skip), or every one is inside
# kube-proxy's container. Never while which file kube-proxy uses is unknown.
kube_proxy_kubeconfig_skip := reason if {
	not kube_proxy_kubeconfig_config_unknown
	reason := files_skip(kube_proxy_kubeconfig_roles, "kube-proxy", kube_proxy_kubeconfig_what)
} else := reason if {
	not kube_proxy_kubeconfig_config_unknown
	inside := sort([f.path | some f in existing(kube_proxy_kubeconfig_roles); in_container(f)])
	count(inside) > 0
	every f in existing(kube_proxy_kubeconfig_roles) {
		in_container(f)
	}
	reason := sprintf("the kube-proxy kubeconfig %s is inside kube-proxy's container, not a file on the node", [concat(", ", inside)])
}

# kube_proxy_kubeconfig_unknown says why a check of attr ("mode",
# "ownership") of the kube-proxy kubeconfig cannot be decided: which file
# kube-proxy uses is unknown, or a file could not be looked at, or its attr
# could not be read. unread is the existing files whose attr is not known
# (mode_unknown(roles), owner_unknown(roles, user, group)); those inside
# kube-proxy's container do not count.
kube_proxy_kubeconfig_unknown(attr, unread) := reason if {
	reason := kube_proxy_kubeconfig_config_unknown
} else := reason if {
	reason := files_unknown(kube_proxy_kubeconfig_roles, kube_proxy_kubeconfig_what, attr, {f | some f in unread; not in_container(f)})
}
