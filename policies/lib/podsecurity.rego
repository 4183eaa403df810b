# Pod Security Admission as namespaces configure it: the level a namespace
# enforces, from its pod-security.kubernetes.io/enforce label.
package kubeassay.lib.podsecurity

import data.kubeassay.lib.inventory as inv

label := "pod-security.kubernetes.io/enforce"

# levels, from least to most restrictive.
rank := {"privileged": 0, "baseline": 1, "restricted": 2}

# system namespaces are the ones Kubernetes creates for its own components;
# the benchmark lets them be exempted, by name.
system := {"kube-system", "kube-public", "kube-node-lease"}

# namespaces is every Namespace read that is not a system one.
namespaces := [ns | some ns in inv.objects("Namespace"); not ns.metadata.name in system]

# level(ns) is the level a namespace's label enforces; undefined without one.
level(ns) := object.get(ns, ["metadata", "labels", label], null)

# below(want) is one finding per namespace enforcing less than want: no
# label (the API server's own default applies, privileged unless its
# admission configuration says otherwise, which is not read) or a lower
# level.
below(want) := {f |
	some ns in namespaces
	msg := shortfall(ns, want)
	f := inv.finding(msg, ns, sprintf("metadata.labels[%s]", [label]), level(ns))
}

shortfall(ns, want) := sprintf("namespace %s has no %s label, so it enforces only the cluster's default level (privileged, unless the API server's AdmissionConfiguration sets another), not %s", [ns.metadata.name, label, want]) if {
	level(ns) == null
} else := sprintf("namespace %s enforces the %s level, below %s", [ns.metadata.name, level(ns), want]) if {
	rank[level(ns)] < rank[want]
}

# invalid is why a namespace's level cannot be known: its label holds a value
# that is not a level.
invalid contains sprintf("namespace %s has %s=%q, which is not a Pod Security level: the level enforced there is not known", [ns.metadata.name, label, level(ns)]) if {
	some ns in namespaces
	level(ns) != null
	not rank[level(ns)]
}
