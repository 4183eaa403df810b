# METADATA
# title: Service account tokens mounted by workloads
# description: |
#   A pod that mounts a service account token carries an API credential: anyone
#   who gets code running in it can call the API server with the service
#   account's rights. Most workloads never call the API and should not hold one
#   (CIS 5.1.6; the NSA/CISA Kubernetes Hardening Guide asks the same).
#
#   Whether a pod mounts the token: its own automountServiceAccountToken wins
#   when set; when unset, its ServiceAccount's (spec.serviceAccountName, or
#   "default") decides, and only false there keeps the token out. So a workload
#   fails when its pod template sets automountServiceAccountToken: true, or
#   leaves it unset and its ServiceAccount does not set it to false. A Pod that
#   already carries the token volume the API server adds (kube-api-access-*)
#   mounts it, whatever its ServiceAccount says now. A workload that needs the
#   API fails too: the finding says whether the template asks for the token
#   itself, so an operator can accept it as a documented exception.
#
#   When the ServiceAccount is not in the input (not declared with the
#   manifests, or not read), or the workload names no namespace, whether it
#   mounts the token is not known: the check is undecided for it (ERROR, naming
#   it), never judged by a guess. One controller is judged once: the objects a
#   controller owns (the ReplicaSets and Pods of a Deployment, the Jobs of a
#   CronJob) are not read at all (custom.skip_owned), their controller is judged:
#   the verdict is about what its template and ServiceAccount give its pods, and
#   pods created before a fix keep the token they got until they are replaced.
#   Static (mirror) pods are not judged: the kubelet does not give them service
#   account tokens.
# related_resources:
#   - ref: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
#     description: Kubernetes documentation, opt out of API credential automounting
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.1.6)
#   - ref: https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF
#     description: NSA/CISA Kubernetes Hardening Guide v1.2, Kubernetes Pod security (service account tokens)
# custom:
#   id: KA-INV-011
#   severity: medium
#   subject: inventory
#   kinds: [CronJob, DaemonSet, Deployment, Job, Pod, ReplicaSet, ReplicationController, StatefulSet, ServiceAccount]
#   skip_owned: true
#   remediation: |
#     Set automountServiceAccountToken: false in the pod template of every
#     workload that does not call the Kubernetes API, or on its ServiceAccount
#     (then every pod using it goes without, unless a pod sets true). Give the
#     workloads that do call the API a ServiceAccount of their own with only the
#     rights they need.
package kubeassay.checks.inventory.service_account_token

import data.kubeassay.lib.inventory as inv
import data.kubeassay.lib.workloads as wl

# candidates are the workloads judged here: one per controller, less static
# pods.
candidates := [w | some w in wl.judged; not wl.mirror_pod(w)]

skip := "no workload in the input that could mount a service account token (static pods cannot)" if {
	count(candidates) == 0
}

account(s) := n if {
	n := object.get(s, "serviceAccountName", "")
	is_string(n)
	n != ""
} else := n if {
	n := object.get(s, "serviceAccount", "")
	is_string(n)
	n != ""
} else := "default"

# token_volume is [index, name] of the token volume the API server added to a
# Pod's spec s.
token_volume(s) := [i, name] if {
	some i, v in object.get(s, "volumes", [])
	name := object.get(v, "name", "")
	is_string(name)
	regex.match(`^kube-api-access-[a-z0-9]{5}$`, name)
	some src in object.get(v, ["projected", "sources"], [])
	object.get(src, "serviceAccountToken", null) != null
}

# rows hold what each candidate is judged on, each read once: its pod
# template's setting, its ServiceAccount, and the token volumes of a Pod.
rows := [r |
	some w in candidates
	s := wl.spec(w)
	r := {
		"w": w,
		"setting": object.get(s, "automountServiceAccountToken", null),
		"account": account(s),
		"ns": wl.namespace(w),
		"tokens": volumes(w, s),
	}
]

volumes(w, s) := {[i, name] | [i, name] := token_volume(s)} if w.kind == "Pod"
else := set()

# unset are the rows whose template leaves the setting to the ServiceAccount
# and that carry no token volume already.
unset := [r | some r in rows; r.setting == null; count(r.tokens) == 0]

accounts := {[wl.namespace(sa), sa.metadata.name]: object.get(sa, "automountServiceAccountToken", null) | some sa in inv.objects("ServiceAccount")}

account_keys := {k | some k, _ in accounts}

deny contains inv.finding(msg, r.w, path, true) if {
	some r in rows
	r.setting == true
	msg := sprintf("%s mounts a service account token: its pod template sets automountServiceAccountToken: true (ServiceAccount %q)", [wl.ref(r.w), r.account])
	path := concat(".", [wl.spec_path(r.w), "automountServiceAccountToken"])
}

deny contains inv.finding(msg, r.w, path, name) if {
	some r in rows
	r.setting == null
	some [i, name] in r.tokens
	msg := sprintf("%s mounts a service account token (volume %q, ServiceAccount %q)", [wl.ref(r.w), name, r.account])
	path := sprintf("spec.volumes[%d]", [i])
}

deny contains inv.finding(msg, r.w, path, null) if {
	some r in unset
	accounts[[r.ns, r.account]] != false
	msg := sprintf("%s mounts the token of ServiceAccount %q: neither its pod template nor the ServiceAccount sets automountServiceAccountToken: false", [wl.ref(r.w), r.account])
	path := concat(".", [wl.spec_path(r.w), "automountServiceAccountToken"])
}

# undecided names the workloads whose ServiceAccount is not known: no
# namespace, or not in the input.
undecided contains sprintf("%s (its pod template sets automountServiceAccountToken to %s, which is not a boolean)", [wl.ref(r.w), json.marshal(r.setting)]) if {
	some r in rows
	not r.setting in {true, false, null}
}

undecided contains sprintf("%s (no namespace set, so its ServiceAccount %q is not known)", [wl.ref(r.w), r.account]) if {
	some r in unset
	r.ns == ""
}

undecided contains sprintf("%s (ServiceAccount %s/%s was not read)", [wl.ref(r.w), r.ns, r.account]) if {
	some r in unset
	r.ns != ""
	not [r.ns, r.account] in account_keys
}

shown := 20

unknown := sprintf("whether a service account token is mounted is not known for %s: %s%s", [
	inv.count_of(count(undecided), "workload"),
	concat(", ", array.slice(sort(undecided), 0, shown)),
	more,
]) if count(undecided) > 0

more := sprintf(" and %d more", [count(undecided) - shown]) if count(undecided) > shown

else := ""
