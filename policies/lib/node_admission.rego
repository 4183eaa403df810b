# kube-apiserver's admission plugins: the ones it runs by default, the set
# its three list flags leave it running, whether that set can be known, and
# the finding for a default plugin turned off.
package kubeassay.lib.node

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
