# METADATA
# title: Audit policy covers credentials and interactive access
# description: |
#   Judges the rules of the audit policy kube-apiserver's --audit-policy-file names
#   (audit.k8s.io/v1 Policy), as kube-apiserver applies them: in order, the first
#   rule that matches a request sets its level (no rule: None).
#
#   What is judged. Requests made by two ordinary requesters, an authenticated user
#   (group system:authenticated) and a service account (groups system:serviceaccounts
#   and system:authenticated), neither of them named in any rule, with every verb
#   below, in every namespace a rule names and in a namespace no rule names (list and
#   watch also across all namespaces); the objects' names are not named by any rule:
#   * Secrets and ConfigMaps (core group; get, list, watch, create, update, patch,
#     delete, deletecollection) and TokenReviews (authentication.k8s.io; create) must
#     be logged at Metadata exactly: None hides who read a credential, and Request or
#     RequestResponse copies the credential itself into the log.
#   * pods/exec, pods/attach and pods/portforward (create and get, as kubectl's
#     websocket and SPDY clients send them) must be logged (not None).
#   A rule of level Request or RequestResponse that could match Secrets, ConfigMaps
#   or TokenReviews for some requester (including the users and groups it names, or
#   the objects named in resourceNames) also fails, unless an earlier rule already
#   matches every such request. A rule that omits every stage (with the policy's
#   omitStages) logs nothing and counts as None.
#
#   The same requests made by each user and group a rule names, and for each
#   object a rule's resourceNames lists, are judged too, but what a rule leaves
#   unlogged (None) only for them is a WARN, an exception to confirm: the upstream
#   example policies silence some system components' reads that way, and a rule
#   can as well hide every read of one Secret, or all of a group's.
#   Not judged: RBAC, webhook and CRD changes, nodes/proxy and services/proxy,
#   which the benchmark's audit also mentions.
#   The flag unset or empty fails (nothing is logged); a policy file that could not
#   be read leaves the check undecided.
# related_resources:
#   - ref: https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/
#     description: Auditing
#   - ref: https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/
#     description: kube-apiserver Audit Configuration (v1)
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-026
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Near the top of the audit policy, before any broader rule, add a rule that logs
#     secrets and configmaps (group "") and tokenreviews (group
#     authentication.k8s.io) at level Metadata, and make sure no earlier rule sets
#     them to None or to Request/RequestResponse. Log pods/exec, pods/attach and
#     pods/portforward at Metadata or above. Restart the API servers and check with a
#     test request that each appears in the log at the intended level.
package kubeassay.checks.node.api_audit_policy_coverage

import data.kubeassay.lib.apiserver
import data.kubeassay.lib.node

component := "kube-apiserver"

flag := "audit-policy-file"

field := "auditPolicy"

skip := node.component_skip(component)

unknown := apiserver.summary_unknown(flag, field, "audit policy")

pol := apiserver.summary(flag, field)

rules := object.get(pol, "rules", [])

rule_path(i) := sprintf("%s.rules[%d].level", [apiserver.summary_path(field), i])

all_verbs := ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]

# Content that must be logged at Metadata exactly.
credentials := [
	{"label": "secrets", "group": "", "resource": "secrets", "subresource": "", "namespaced": true, "verbs": all_verbs},
	{"label": "configmaps", "group": "", "resource": "configmaps", "subresource": "", "namespaced": true, "verbs": all_verbs},
	{"label": "tokenreviews", "group": "authentication.k8s.io", "resource": "tokenreviews", "subresource": "", "namespaced": false, "verbs": ["create"]},
]

# Interactive access that must be logged.
interactive := [{"label": sprintf("pods/%s", [sub]), "group": "", "resource": "pods", "subresource": sub, "namespaced": true, "verbs": ["create", "get"]} |
	some sub in ["exec", "attach", "portforward"]
]

requesters := [
	{"label": "an authenticated user", "user": "kubeassay:any-user", "groups": ["system:authenticated"]},
	{"label": "a service account", "user": "system:serviceaccount:kubeassay-any-namespace:default", "groups": ["system:serviceaccounts", "system:serviceaccounts:kubeassay-any-namespace", "system:authenticated"]},
]

# named_requesters are every user and group a rule names: a rule limited to
# some principals (a None rule for a component's own reads, say) decides
# their requests. What it leaves unlogged for them is a warning (an
# exception to confirm), not a failure.
named_requesters := array.concat(
	[{"label": sprintf("user %s", [u]), "user": u, "groups": ["system:authenticated"]} | some u in named_users],
	[{"label": sprintf("a member of group %s", [g]), "user": "kubeassay:any-user", "groups": [g, "system:authenticated"]} | some g in named_groups],
)

named_users := {u | some r in rules; some u in object.get(r, "users", []); is_string(u)}

named_groups := {g | some r in rules; some g in object.get(r, "userGroups", []); is_string(g)}

# named_objects are the names a rule's resourceNames lists (a rule may leave
# one Secret out).
named_objects := {n | some r in rules; some gr in object.get(r, "resources", []); some n in object.get(gr, "resourceNames", []); is_string(n)}

other_namespace := "kubeassay-any-namespace"

named_namespaces := {ns | some r in rules; some ns in object.get(r, "namespaces", []); ns != ""}

namespaces(t) := (named_namespaces | {other_namespace, ""}) if t.namespaced

namespaces(t) := {""} if not t.namespaced

# requests are the concrete requests judged for a target.
requests(t) := [req |
	some who in requesters
	some verb in t.verbs
	some ns in namespaces(t)
	fits(t, verb, ns)
	req := {"who": who, "verb": verb, "namespace": ns, "name": any_name(verb), "target": t}
]

# A list or watch names no object.
any_name(verb) := "" if verb in {"list", "watch"}

else := "kubeassay-any-name"

# named_requests are the requests of the users and groups the rules name,
# and the requests for the objects they name.
named_requests(t) := [req |
	some who in array.concat(requesters, named_requesters)
	some verb in t.verbs
	some ns in namespaces(t)
	fits(t, verb, ns)
	some name in {any_name(verb)} | {n | not verb in {"list", "watch"}; some n in named_objects}
	req := {"who": who, "verb": verb, "namespace": ns, "name": name, "target": t}
	not unnamed(req)
]

unnamed(req) if {
	req.who in requesters
	req.name in {"", "kubeassay-any-name"}
}

# fits: a namespaced resource is requested across all namespaces (namespace
# "") only by list and watch.
fits(_, _, ns) if ns != ""

fits(t, verb, "") if {
	t.namespaced
	verb in {"list", "watch"}
}

fits(t, _, "") if not t.namespaced

# ---- kube-apiserver's rule matching (audit policy checker), for one request

listed_or_empty(list, _) if count(list) == 0

listed_or_empty(list, v) if v in list

matches(rule, req) if {
	listed_or_empty(object.get(rule, "users", []), req.who.user)
	groups_match(object.get(rule, "userGroups", []), req.who.groups)
	listed_or_empty(object.get(rule, "verbs", []), req.verb)
	resource_rule(rule)
	matches_resource(rule, req)
}

# A rule with neither namespaces nor resources, and no nonResourceURLs, matches
# every request; one with only nonResourceURLs matches none of these.
matches(rule, req) if {
	listed_or_empty(object.get(rule, "users", []), req.who.user)
	groups_match(object.get(rule, "userGroups", []), req.who.groups)
	listed_or_empty(object.get(rule, "verbs", []), req.verb)
	not resource_rule(rule)
	count(object.get(rule, "nonResourceURLs", [])) == 0
}

groups_match(groups, _) if count(groups) == 0

groups_match(groups, have) if {
	some g in have
	g in groups
}

resource_rule(rule) if count(object.get(rule, "namespaces", [])) > 0

resource_rule(rule) if count(object.get(rule, "resources", [])) > 0

matches_resource(rule, req) if {
	listed_or_empty(object.get(rule, "namespaces", []), req.namespace)
	count(object.get(rule, "resources", [])) == 0
}

matches_resource(rule, req) if {
	listed_or_empty(object.get(rule, "namespaces", []), req.namespace)
	some gr in rule.resources
	gr_matches(gr, req.target, req.name)
}

gr_matches(gr, t, _) if {
	object.get(gr, "group", "") == t.group
	count(object.get(gr, "resources", [])) == 0
}

gr_matches(gr, t, name) if {
	object.get(gr, "group", "") == t.group
	listed_or_empty(object.get(gr, "resourceNames", []), name)
	some res in gr.resources
	resource_matches(res, t)
}

combined(t) := t.resource if t.subresource == ""

combined(t) := sprintf("%s/%s", [t.resource, t.subresource]) if t.subresource != ""

resource_matches(res, t) if res == combined(t)

resource_matches("*", _)

resource_matches(res, t) if {
	t.subresource != ""
	startswith(res, "*/")
	substring(res, 2, -1) == t.subresource
}

resource_matches(res, t) if {
	endswith(res, "/*")
	substring(res, 0, count(res) - 2) == t.resource
}

# first_match is the index and effective level of the rule that decides a
# request; index -1 and None when no rule matches.
first_match(req) := {"index": i, "level": apiserver.audit_level(pol, rules[i])} if {
	hits := [j | some j, r in rules; matches(r, req)]
	count(hits) > 0
	i := hits[0]
} else := {"index": -1, "level": "None"}

describe(req) := sprintf("%s of %s%s by %s", [req.verb, req.target.label, where(req), req.who.label])

where(req) := "" if not req.target.namespaced

where(req) := " across all namespaces" if {
	req.target.namespaced
	req.namespace == ""
}

where(req) := " in a namespace no rule names" if req.namespace == other_namespace

where(req) := sprintf(" in namespace %s", [req.namespace]) if {
	not req.namespace in {"", other_namespace}
}

# ---- outcomes: {target, index, level} that break the recommendation

bad contains {"target": t.label, "index": m.index, "level": m.level} if {
	some t in credentials
	some req in requests(t)
	m := first_match(req)
	m.level != "Metadata"
}

bad contains {"target": t.label, "index": m.index, "level": "None"} if {
	some t in interactive
	some req in requests(t)
	m := first_match(req)
	m.level == "None"
}

# A rule that copies credentials into the log for some requester, named or not.
bad contains {"target": t.label, "index": i, "level": level} if {
	some t in credentials
	some i, r in rules
	level := apiserver.audit_level(pol, r)
	level in {"Request", "RequestResponse"}
	could_match(r, t)
	not shadowed(i, t)
}

could_match(rule, t) if {
	count(object.get(rule, "verbs", [])) == 0
	could_match_resource(rule, t)
}

could_match(rule, t) if {
	some v in rule.verbs
	v in t.verbs
	could_match_resource(rule, t)
}

could_match_resource(rule, t) if {
	resource_rule(rule)
	namespace_possible(rule, t)
	count(object.get(rule, "resources", [])) == 0
}

could_match_resource(rule, t) if {
	resource_rule(rule)
	namespace_possible(rule, t)
	some gr in rule.resources
	object.get(gr, "group", "") == t.group
	count(object.get(gr, "resources", [])) == 0
}

could_match_resource(rule, t) if {
	resource_rule(rule)
	namespace_possible(rule, t)
	some gr in rule.resources
	object.get(gr, "group", "") == t.group
	some res in gr.resources
	resource_matches(res, t)
}

could_match_resource(rule, _) if {
	not resource_rule(rule)
	count(object.get(rule, "nonResourceURLs", [])) == 0
}

namespace_possible(rule, _) if count(object.get(rule, "namespaces", [])) == 0

namespace_possible(_, t) if t.namespaced

namespace_possible(rule, t) if {
	not t.namespaced
	"" in rule.namespaces
}

# shadowed: an earlier rule matches every request for the target.
shadowed(i, t) if {
	some j, r in rules
	j < i
	count(object.get(r, "users", [])) == 0
	count(object.get(r, "userGroups", [])) == 0
	count(object.get(r, "namespaces", [])) == 0
	every v in t.verbs {
		listed_or_empty(object.get(r, "verbs", []), v)
	}
	catches_all(r, t)
}

catches_all(r, _) if {
	count(object.get(r, "resources", [])) == 0
	count(object.get(r, "nonResourceURLs", [])) == 0
}

catches_all(r, t) if {
	some gr in r.resources
	object.get(gr, "group", "") == t.group
	count(object.get(gr, "resourceNames", [])) == 0
	count(object.get(gr, "resources", [])) == 0
}

catches_all(r, t) if {
	some gr in r.resources
	object.get(gr, "group", "") == t.group
	count(object.get(gr, "resourceNames", [])) == 0
	some res in gr.resources
	resource_matches(res, t)
}

# example is one request that ends at the outcome, for the message.
example(o) := sort([describe(req) |
	some t in array.concat(credentials, interactive)
	t.label == o.target
	some req in requests(t)
	first_match(req) == {"index": o.index, "level": o.level}
])[0]

example(o) := "requests by the users, groups or objects it names" if {
	not any_example(o)
}

any_example(o) if {
	some t in array.concat(credentials, interactive)
	t.label == o.target
	some req in requests(t)
	first_match(req) == {"index": o.index, "level": o.level}
}

deny contains f if some f in node.unset_flags(component, [flag], "no request is logged")

deny contains node.finding(msg, sprintf("%s.rules", [apiserver.summary_path(field)]), null) if {
	some o in bad
	o.index == -1
	msg := sprintf("audit policy %s: no rule matches %s (e.g. %s), so they are not logged", [pol.file, o.target, example(o)])
}

deny contains node.finding(msg, rule_path(o.index), o.level) if {
	some o in bad
	o.index >= 0
	o.level == "None"
	msg := sprintf("audit policy %s: rules[%d] logs %s at None (e.g. %s), so they are not logged", [pol.file, o.index, o.target, example(o)])
}

deny contains node.finding(msg, rule_path(o.index), o.level) if {
	some o in bad
	o.level in {"Request", "RequestResponse"}
	msg := sprintf("audit policy %s: rules[%d] logs %s at %s (e.g. %s), which copies their content into the audit log; want Metadata", [pol.file, o.index, o.target, o.level, example(o)])
}

# ---- exceptions for named principals or objects: warnings

not_logged contains {"target": t.label, "index": m.index, "level": m.level, "example": describe_named(req)} if {
	some t in array.concat(credentials, interactive)
	some req in named_requests(t)
	m := first_match(req)
	m.level == "None"
	not {"target": t.label, "index": m.index, "level": m.level} in bad
}

describe_named(req) := sprintf("%s%s", [describe(req), object_of(req)])

object_of(req) := sprintf(" named %s", [req.name]) if req.name in named_objects

else := ""

warn contains node.finding(msg, rule_path(index), "None") if {
	some [target, index] in {[o.target, o.index] | some o in not_logged; o.index >= 0}
	example := sort([o.example | some o in not_logged; o.target == target; o.index == index])[0]
	msg := sprintf("audit policy %s: rules[%d] does not log %s for the users, groups or objects it names (e.g. %s): confirm the exception", [pol.file, index, target, example])
}

warn contains node.finding(msg, sprintf("%s.rules", [apiserver.summary_path(field)]), null) if {
	some target in {o.target | some o in not_logged; o.index == -1}
	example := sort([o.example | some o in not_logged; o.target == target; o.index == -1])[0]
	msg := sprintf("audit policy %s: no rule matches %s for some named users, groups or objects (e.g. %s), so they are not logged: confirm the exception", [pol.file, target, example])
}
