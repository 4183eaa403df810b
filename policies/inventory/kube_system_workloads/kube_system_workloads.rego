# METADATA
# title: Workloads in the kube-system namespace
# description: |
#   kube-system holds the cluster's own components, and the service accounts,
#   Secrets and RBAC grants they need; an application deployed there shares
#   them, and is hard to tell from the control plane. The NSA/CISA Kubernetes
#   Hardening Guide asks that workloads run in namespaces of their own, not in
#   kube-system.
#
#   Every workload object in kube-system (one per controller, see
#   policies/lib/workloads.rego) is judged by this rule:
#     * a static pod's mirror (annotation kubernetes.io/config.mirror: the
#       kubelet runs it from a file on a node, as kubeadm runs the API server,
#       etcd, the controller manager and the scheduler) is the control plane
#       itself and raises nothing;
#     * a workload that declares itself a cluster add-on with one of the labels
#       add-ons carry (k8s-app, addonmanager.kubernetes.io/mode, or
#       kubernetes.io/cluster-service: "true", on the object or its pod
#       template: CoreDNS, kube-proxy, most CNI and cloud agents) is a warning
#       to review, not a failure: the label is a claim anyone can write, and the
#       check cannot tell an add-on from an application, so the control is WARN,
#       never PASS, while such workloads are there;
#     * any other workload fails.
#   A workload without metadata.namespace goes wherever it is applied, maybe to
#   kube-system: it is undecided (ERROR, naming it), unless something fails.
# related_resources:
#   - ref: https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF
#     description: NSA/CISA Kubernetes Hardening Guide v1.2, Network separation and hardening (namespaces)
#   - ref: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces
#     description: Kubernetes documentation, the initial namespaces
# custom:
#   id: KA-INV-012
#   severity: medium
#   subject: inventory
#   kinds: [CronJob, DaemonSet, Deployment, Job, Pod, ReplicaSet, ReplicationController, StatefulSet]
#   namespaces: [kube-system]
#   skip_owned: true
#   remediation: |
#     Move each application out of kube-system into a namespace of its own, with
#     its own ServiceAccount, RBAC, NetworkPolicies and quotas. For each add-on
#     that was flagged, confirm that it is part of the cluster (installed by the
#     distribution or the platform team) and record the exception.
package kubeassay.checks.inventory.kube_system_workloads

import data.kubeassay.lib.inventory as inv
import data.kubeassay.lib.workloads as wl

# addon_labels(labels) are the add-on labels among labels, as key=value.
addon_labels(labels) := array.concat(
	[sprintf("%s=%s", [k, labels[k]]) | some k in ["k8s-app", "addonmanager.kubernetes.io/mode"]; is_string(labels[k])],
	["kubernetes.io/cluster-service=true" | labels["kubernetes.io/cluster-service"] == "true"],
)

# addon(w) is the first add-on label of w or of its pod template.
addon(w) := l if {
	ls := array.concat(addon_labels(object.get(w, ["metadata", "labels"], {})), addon_labels(wl.template_labels(w)))
	count(ls) > 0
	l := ls[0]
}

in_kube_system contains w if {
	some kind in wl.kinds
	some w in inv.in_namespace("kube-system", kind)
	not wl.owned(w)
	not wl.mirror_pod(w)
}

deny contains inv.finding(msg, w, "metadata.namespace", "kube-system") if {
	some w in in_kube_system
	not addon(w)
	msg := sprintf("%s runs in kube-system", [wl.ref(w)])
}

warn contains inv.finding(msg, w, "metadata.namespace", "kube-system") if {
	some w in in_kube_system
	label := addon(w)
	msg := sprintf("%s runs in kube-system and is labelled as a cluster add-on (%s): confirm it belongs to the cluster", [wl.ref(w), label])
}

unplaced contains wl.ref(w) if {
	some kind in wl.kinds
	some w in inv.in_namespace("", kind)
	not wl.owned(w)
}

shown := 20

unknown := sprintf("%s without a namespace could be applied to kube-system: %s%s", [
	inv.count_of(count(unplaced), "workload"),
	concat(", ", array.slice(sort(unplaced), 0, shown)),
	more,
]) if count(unplaced) > 0

more := sprintf(" and %d more", [count(unplaced) - shown]) if count(unplaced) > shown

else := ""
