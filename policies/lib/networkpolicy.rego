# Network policies of every kind a cluster may enforce, read with each kind's
# own semantics: Kubernetes' NetworkPolicy, Cilium's CiliumNetworkPolicy and
# CiliumClusterwideNetworkPolicy, Calico's NetworkPolicy and
# GlobalNetworkPolicy (projectcalico.org and crd.projectcalico.org), and the
# network-policy API's AdminNetworkPolicy and BaselineAdminNetworkPolicy.
#
# For a Namespace object ns and a direction d ("Ingress" or "Egress"):
#   covering(ns)       the policies that select pods of ns (5.3.2)
#   denying(ns, d)     the policies that deny d by default for every pod of ns
#   undecided_policies why a cluster-wide policy may or may not select pods
#                      of a namespace (a selector this library cannot read)
#   unscoped           namespaced policies without metadata.namespace
# A check that uses them lists every kind in kinds in its custom.kinds.
package kubeassay.lib.networkpolicy

import data.kubeassay.lib.inventory as inv

# The kinds, as the input names them.
namespaced_kinds := ["CiliumNetworkPolicy", "NetworkPolicy", "NetworkPolicy.crd.projectcalico.org", "NetworkPolicy.projectcalico.org"]

cluster_kinds := ["AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "CiliumClusterwideNetworkPolicy", "GlobalNetworkPolicy.crd.projectcalico.org", "GlobalNetworkPolicy.projectcalico.org"]

calico_namespaced := {"NetworkPolicy.crd.projectcalico.org", "NetworkPolicy.projectcalico.org"}

calico_global := {"GlobalNetworkPolicy.crd.projectcalico.org", "GlobalNetworkPolicy.projectcalico.org"}

directions := ["Ingress", "Egress"]

# kind_of(p) names p's kind as the input does.
kind_of(p) := "NetworkPolicy" if {
	p.kind == "NetworkPolicy"
	group(p) in {"networking.k8s.io", "extensions"}
} else := sprintf("%s.%s", [p.kind, group(p)]) if {
	group(p) in {"crd.projectcalico.org", "projectcalico.org"}
} else := p.kind

group(p) := g if {
	parts := split(object.get(p, "apiVersion", ""), "/")
	count(parts) == 2
	g := parts[0]
} else := ""

spec(p) := s if {
	s := object.get(p, "spec", {})
	is_object(s)
} else := {}

list(x) := x if is_array(x)

else := []

str(x) := x if is_string(x)

else := ""

# ---------------------------------------------------------------------------
# Namespaces and label selectors

# labels(ns) are a Namespace's labels, with the name label the API server
# sets on every namespace (a manifest may not carry it).
labels(ns) := object.union(object.get(ns, ["metadata", "labels"], {}), {"kubernetes.io/metadata.name": ns.metadata.name})

# A selector is read into requirements, {"key", "op", "values"}, op one of
# In, NotIn, Exists, DoesNotExist (Kubernetes' meaning: NotIn and
# DoesNotExist match a missing label). requirements(sel, norm) reads a
# Kubernetes LabelSelector; norm rewrites each key (Cilium's source
# prefixes). A selector that is not an object reads as one requirement no
# evaluation can meet (op "?"), so that it is never taken for "every pod".
requirements(sel, norm) := array.concat(
	[{"key": key(k, norm), "op": "In", "values": [v]} | some k, v in object.get(sel, "matchLabels", {})],
	[{"key": key(object.get(e, "key", ""), norm), "op": object.get(e, "operator", ""), "values": list(object.get(e, "values", []))} |
		some e in list(object.get(sel, "matchExpressions", []))
	],
) if is_object(sel)

else := [{"key": "", "op": "?", "values": []}] if sel != null

else := []

key(k, norm) := substring(k, count(prefix), -1) if {
	norm == "cilium"
	some prefix in ["k8s:", "any:"]
	startswith(k, prefix)
} else := k

# decidable(reqs) holds when every requirement has an operator this library
# evaluates.
decidable(reqs) if every r in reqs {
	r.op in {"In", "NotIn", "Exists", "DoesNotExist"}
}

# matches(reqs, ls) holds when labels ls meet every requirement.
matches(reqs, ls) if every r in reqs {
	meets(r, ls)
}

meets(r, ls) if {
	r.op == "In"
	value_in(r, ls)
}

meets(r, ls) if {
	r.op == "NotIn"
	not value_in(r, ls)
}

value_in(r, ls) if ls[r.key] in r.values

meets(r, ls) if {
	r.op == "Exists"
	_ = ls[r.key]
}

meets(r, ls) if {
	r.op == "DoesNotExist"
	not has_key(ls, r.key)
}

has_key(ls, k) if _ = ls[k]

# selects_all(sel) holds for a LabelSelector that selects everything ({}).
selects_all(sel) if {
	is_object(sel)
	count([1 | some _, _ in object.get(sel, "matchLabels", {})]) == 0
	count(list(object.get(sel, "matchExpressions", []))) == 0
}

# ---------------------------------------------------------------------------
# Kubernetes NetworkPolicy (networking.k8s.io), in its namespace

k8s_rule_field := {"Ingress": "ingress", "Egress": "egress"}

k8s_rules(p, d) := list(object.get(spec(p), k8s_rule_field[d], []))

k8s_selects_all(p) if object.get(spec(p), "podSelector", {}) == null

k8s_selects_all(p) if selects_all(object.get(spec(p), "podSelector", {}))

# k8s_types(p) is p's policy types as Kubernetes reads them: without
# policyTypes, Ingress, and Egress too when it has egress rules.
k8s_types(p) := t if {
	t := list(object.get(spec(p), "policyTypes", []))
	count(t) > 0
} else := ["Ingress", "Egress"] if {
	count(k8s_rules(p, "Egress")) > 0
} else := ["Ingress"]

# all_addresses are the CIDRs that stand for every address of a family.
all_addresses := {"0.0.0.0/0", "::/0"}

k8s_peer_field := {"Ingress": "from", "Egress": "to"}

# k8s_denies(p, d): p selects every pod, has type d, and each of its rules
# for d (if any) is narrowed by a port or by peers none of which is every
# pod or every address: what they do not allow is dropped. A rule that
# allows the cluster's DNS keeps it a default deny, as in Calico's and
# Cilium's own examples; a rule with no peers and no ports does not.
k8s_denies(p, d) if {
	k8s_selects_all(p)
	d in k8s_types(p)
	k8s_rules_readable(p, d)
	every r in k8s_rules(p, d) {
		k8s_narrow(r, d)
	}
}

# k8s_rules_readable(p, d): the rules field for d is absent, null or a list
# (another type is not read as "no rules").
k8s_rules_readable(p, d) if object.get(spec(p), k8s_rule_field[d], null) == null

k8s_rules_readable(p, d) if is_array(object.get(spec(p), k8s_rule_field[d], null))

k8s_narrow(r, _) if {
	is_object(r)
	not empty(object.get(r, "ports", null))
}

k8s_narrow(r, d) if {
	is_object(r)
	peers := list(object.get(r, k8s_peer_field[d], []))
	count(peers) > 0
	every peer in peers {
		not k8s_all_pods(peer)
		not k8s_all_addresses(peer)
	}
}

# k8s_all_pods(peer): every pod of every namespace.
k8s_all_pods(peer) if {
	object.get(peer, "ipBlock", null) == null
	selects_all(object.get(peer, "namespaceSelector", null))
	k8s_all_pod_selector(object.get(peer, "podSelector", null))
}

k8s_all_pod_selector(sel) if sel == null

k8s_all_pod_selector(sel) if selects_all(sel)

k8s_all_addresses(peer) if object.get(peer, ["ipBlock", "cidr"], "") in all_addresses

# k8s_allows_all(p, d): p opens d to everything for every pod, which undoes
# a default deny: a rule with no peers and no ports (or a null rule), or
# portless rules whose peers together are every pod and every address.
k8s_allows_all(p, d) if {
	k8s_selects_all(p)
	d in k8s_types(p)
	k8s_opens(k8s_rules(p, d), d)
}

k8s_opens(rules, d) if {
	some r in rules
	k8s_open_rule(r, d)
}

k8s_opens(rules, d) if {
	peers := [peer | some r in rules; is_object(r); empty(object.get(r, "ports", null)); some peer in list(object.get(r, k8s_peer_field[d], []))]
	some a in peers
	k8s_all_pods(a)
	some b in peers
	k8s_all_addresses(b)
}

k8s_open_rule(r, _) if r == null

k8s_open_rule(r, d) if {
	is_object(r)
	empty(object.get(r, k8s_peer_field[d], null))
	empty(object.get(r, "ports", null))
}

empty(x) if x == null

empty(x) if x == {}

empty(x) if x == []

# ---------------------------------------------------------------------------
# Cilium (cilium.io/v2). A policy holds one rule in spec or several in specs.
# A rule selects pods with endpointSelector (a rule with nodeSelector selects
# nodes: a host policy, no pod). In a CiliumClusterwideNetworkPolicy the
# selector names namespaces by the pod label io.kubernetes.pod.namespace and
# by io.cilium.k8s.namespace.labels.<label>; sources prefix keys (k8s:, any:),
# and reserved: keys select identities that are not pods.

cilium_rules(p) := array.concat([s | s := spec(p); count(s) > 0], [r | some r in list(object.get(p, "specs", [])); is_object(r)])

cilium_selects_pods(r) if {
	sel := object.get(r, "endpointSelector", null)
	is_object(sel)
	not cilium_reserved(sel)
}

cilium_reserved(sel) if {
	some k, _ in object.get(sel, "matchLabels", {})
	startswith(k, "reserved:")
}

cilium_reserved(sel) if {
	some e in list(object.get(sel, "matchExpressions", []))
	startswith(str(object.get(e, "key", "")), "reserved:")
}

cilium_namespace_key(k) if k == "io.kubernetes.pod.namespace"

cilium_namespace_key(k) if startswith(k, "io.cilium.k8s.namespace.labels.")

# cilium_labels(ns) are the labels by which Cilium's selectors see ns.
cilium_labels(ns) := object.union(
	{sprintf("io.cilium.k8s.namespace.labels.%s", [k]): v | some k, v in labels(ns)},
	{"io.kubernetes.pod.namespace": ns.metadata.name},
)

cilium_reqs(r) := requirements(object.get(r, "endpointSelector", {}), "cilium")

cilium_ns_reqs(r) := [q | some q in cilium_reqs(r); cilium_namespace_key(q.key)]

cilium_pod_reqs(r) := [q | some q in cilium_reqs(r); not cilium_namespace_key(q.key)]

# cilium_covers(p, r, ns): rule r of p selects pods of ns.
# In a CiliumNetworkPolicy, namespace terms are ANDed with the policy's own
# namespace (one naming another namespace selects nothing). A
# CiliumClusterwideNetworkPolicy counts for a namespace only when it selects
# every pod there: one that selects some app may select no pod of it, which
# the inventory cannot tell.
cilium_covers(p, r, ns) if {
	p.kind == "CiliumNetworkPolicy"
	object.get(p, ["metadata", "namespace"], "") == ns.metadata.name
	cilium_selects_pods(r)
	decidable(cilium_ns_reqs(r))
	matches(cilium_ns_reqs(r), cilium_labels(ns))
}

cilium_covers(p, r, ns) if {
	p.kind == "CiliumClusterwideNetworkPolicy"
	cilium_selects_pods(r)
	decidable(cilium_reqs(r))
	count(cilium_pod_reqs(r)) == 0
	matches(cilium_ns_reqs(r), cilium_labels(ns))
}

# cilium_denies(p, r, ns, d): rule r selects every pod of ns and has a
# section for d (ingress or ingressDeny, egress or egressDeny, not empty),
# which puts those pods in default deny for d, unless enableDefaultDeny
# turns that off or its rules allow every peer (cilium_allows_all).
cilium_denies(p, r, ns, d) if {
	cilium_covers(p, r, ns)
	count(cilium_pod_reqs(r)) == 0
	count(cilium_section(r, d)) > 0
	object.get(r, ["enableDefaultDeny", lower(d)], true) != false
	not cilium_allows_all(r, d)
}

cilium_section(r, d) := array.concat(list(object.get(r, lower(d), [])), list(object.get(r, sprintf("%sDeny", [lower(d)]), [])))

# cilium_allows_all(r, d): the allow rules of r for d let every peer in,
# on every port: a rule with the entity all; rules whose peers together are
# the cluster (entity cluster, or every endpoint of a cluster-wide policy)
# and the world (entity world, or a CIDR of every address); or a rule with
# ports and no peer at all (Cilium applies it to every peer) whose ports
# are all of them. Rules limited to some ports (DNS) allow only those.
cilium_allows_all(r, d) if {
	some rule in cilium_unlimited(r, d)
	"all" in cilium_entities(rule, d)
}

cilium_allows_all(r, d) if {
	rules := cilium_unlimited(r, d)
	some a in rules
	cilium_cluster_side(a, d)
	some b in rules
	cilium_world_side(b, d)
}

cilium_allows_all(r, d) if {
	some rule in list(object.get(r, lower(d), []))
	is_object(rule)
	not cilium_has_peer(rule, d)
	count(list(object.get(rule, "toPorts", []))) > 0
	cilium_all_ports(rule)
}

cilium_prefix := {"Ingress": "from", "Egress": "to"}

cilium_entities(rule, d) := list(object.get(rule, sprintf("%sEntities", [cilium_prefix[d]]), []))

# cilium_unlimited(r, d): the allow rules of r for d without a port limit.
cilium_unlimited(r, d) := [rule |
	some rule in list(object.get(r, lower(d), []))
	is_object(rule)
	cilium_any_port(rule)
]

cilium_any_port(rule) if count(list(object.get(rule, "toPorts", []))) == 0

cilium_any_port(rule) if cilium_all_ports(rule)

# cilium_all_ports(rule): one of its port entries is every port (port 0 or
# none), or a range of at least 1,000 ports.
cilium_all_ports(rule) if {
	some tp in list(object.get(rule, "toPorts", []))
	some port in list(object.get(tp, "ports", []))
	object.get(port, "port", "0") in {"0", 0, ""}
}

cilium_all_ports(rule) if {
	some tp in list(object.get(rule, "toPorts", []))
	some port in list(object.get(tp, "ports", []))
	to_number(object.get(port, "endPort", 0)) - to_number(object.get(port, "port", 0)) >= 1000
}

cilium_has_peer(rule, d) if {
	some f in ["Endpoints", "Entities", "CIDR", "CIDRSet", "Groups", "Nodes", "FQDNs", "Services"]
	not empty(object.get(rule, sprintf("%s%s", [cilium_prefix[d], f]), null))
}

cilium_cluster_side(rule, d) if "cluster" in cilium_entities(rule, d)

cilium_cluster_side(rule, d) if {
	some sel in list(object.get(rule, sprintf("%sEndpoints", [cilium_prefix[d]]), []))
	selects_all(sel)
	rule_of_clusterwide(rule)
}

cilium_world_side(rule, d) if "world" in cilium_entities(rule, d)

cilium_world_side(rule, d) if {
	some c in list(object.get(rule, sprintf("%sCIDR", [cilium_prefix[d]]), []))
	c in all_addresses
}

cilium_world_side(rule, d) if {
	some c in list(object.get(rule, sprintf("%sCIDRSet", [cilium_prefix[d]]), []))
	object.get(c, "cidr", "") in all_addresses
}

# rule_of_clusterwide(rule): the rule is one of a cluster-wide policy's
# (an endpoint selector {} there is every endpoint of the cluster).
rule_of_clusterwide(rule) if {
	some p in inv.objects("CiliumClusterwideNetworkPolicy")
	some r in cilium_rules(p)
	some d in directions
	rule in list(object.get(r, lower(d), []))
}

# ---------------------------------------------------------------------------
# Calico (projectcalico.org/v3, crd.projectcalico.org/v1). selector and
# namespaceSelector are Calico selector expressions; this library reads
# those made of terms joined by &&: all(), has(k), !has(k), k == 'v',
# k != 'v', k in {'a', 'b'}, k not in {...}. Another expression cannot be
# evaluated: a GlobalNetworkPolicy that has one leaves its namespaces
# undecided. An empty selector means all().

calico_term(t) := [] if t == "all()"

calico_term(t) := [{"key": m[1], "op": "Exists", "values": []}] if {
	m := regex.find_all_string_submatch_n(`^has\(\s*([A-Za-z0-9_./-]+)\s*\)$`, t, 1)[0]
}

calico_term(t) := [{"key": m[1], "op": "DoesNotExist", "values": []}] if {
	m := regex.find_all_string_submatch_n(`^!\s*has\(\s*([A-Za-z0-9_./-]+)\s*\)$`, t, 1)[0]
}

calico_term(t) := [{"key": m[1], "op": {"==": "In", "!=": "NotIn"}[m[2]], "values": [m[4]]}] if {
	m := regex.find_all_string_submatch_n(`^([A-Za-z0-9_./-]+)\s*(==|!=)\s*(['"])([^'"]*)['"]$`, t, 1)[0]
}

calico_term(t) := [{"key": m[1], "op": {"in": "In", "not in": "NotIn"}[m[2]], "values": calico_set(m[3])}] if {
	m := regex.find_all_string_submatch_n(`^([A-Za-z0-9_./-]+)\s+(in|not in)\s*\{([^{}]*)\}$`, t, 1)[0]
}

calico_set(s) := [trim(trim_space(v), `'"`) | some v in split(s, ","); trim_space(v) != ""]

# calico_reqs(expr) is the requirements of a selector expression, with one
# requirement of operator "?" for a term it cannot read.
calico_reqs(expr) := [] if trim_space(str(expr)) == ""

else := [q |
	some t in split(str(expr), "&&")
	some q in calico_term_or_unknown(trim_space(t))
]

calico_term_or_unknown(t) := calico_term(t) if count([x | x := calico_term(t)]) == 1

else := [{"key": t, "op": "?", "values": []}]

# calico_labels(ns) are the labels by which a namespaceSelector sees ns;
# calico_endpoint_labels(ns) those by which an endpoint selector sees the
# namespace of a pod.
calico_labels(ns) := object.union(labels(ns), {"projectcalico.org/name": ns.metadata.name})

calico_endpoint_labels(ns) := object.union(
	{sprintf("pcns.%s", [k]): v | some k, v in labels(ns)},
	{"projectcalico.org/namespace": ns.metadata.name},
)

calico_namespace_key(k) if k == "projectcalico.org/namespace"

calico_namespace_key(k) if startswith(k, "pcns.")

# calico_host_only(p): a policy for host endpoints only (doNotTrack and
# preDNAT policies apply to host endpoints), or one whose selector is
# !all(), selects no pod.
calico_host_only(p) if object.get(spec(p), "doNotTrack", false) == true

calico_host_only(p) if object.get(spec(p), "preDNAT", false) == true

calico_host_only(p) if trim_space(str(object.get(spec(p), "selector", ""))) == "!all()"

calico_selector_reqs(p) := calico_reqs(object.get(spec(p), "selector", ""))

calico_ns_reqs(p) := [q | some q in calico_selector_reqs(p); calico_namespace_key(q.key)]

calico_pod_reqs(p) := [q | some q in calico_selector_reqs(p); not calico_namespace_key(q.key)]

# calico_global_decidable(p): the namespaces p selects can be told: every
# term of both selectors is one this library reads (a term it cannot read,
# such as one with || or parentheses, may name namespaces too).
calico_global_decidable(p) if {
	decidable(calico_reqs(object.get(spec(p), "namespaceSelector", "")))
	decidable(calico_selector_reqs(p))
}

# A namespaced Calico policy's namespace terms are ANDed with its own
# namespace. A GlobalNetworkPolicy counts for a namespace only when it
# selects every pod there (no pod terms, no service account selector).
calico_covers(p, ns) if {
	kind_of(p) in calico_namespaced
	object.get(p, ["metadata", "namespace"], "") == ns.metadata.name
	not calico_host_only(p)
	matches(calico_ns_reqs(p), calico_endpoint_labels(ns))
}

calico_covers(p, ns) if {
	kind_of(p) in calico_global
	not calico_host_only(p)
	calico_global_decidable(p)
	count(calico_pod_reqs(p)) == 0
	object.get(spec(p), "serviceAccountSelector", "") == ""
	matches(calico_reqs(object.get(spec(p), "namespaceSelector", "")), calico_labels(ns))
	matches(calico_ns_reqs(p), calico_endpoint_labels(ns))
}

# calico_types(p): without types, Ingress when p has no egress rules,
# Egress when it has egress rules only, both when it has both.
calico_types(p) := t if {
	t := list(object.get(spec(p), "types", []))
	count(t) > 0
} else := ["Ingress", "Egress"] if {
	count(list(object.get(spec(p), "ingress", []))) > 0
	count(list(object.get(spec(p), "egress", []))) > 0
} else := ["Egress"] if {
	count(list(object.get(spec(p), "egress", []))) > 0
} else := ["Ingress"]

# calico_denies(p, ns, d): p selects every pod of ns and has type d, so that
# what its rules for d do not allow is dropped, and each rule of it that
# allows or passes is narrowed by a peer or a port. As in Calico's own
# default-deny examples, the policy may allow some traffic (DNS).
calico_denies(p, ns, d) if {
	calico_covers(p, ns)
	count(calico_pod_reqs(p)) == 0
	object.get(spec(p), "serviceAccountSelector", "") == ""
	d in calico_types(p)
	not calico_opens(p, d)
}

calico_opens(p, d) if {
	some rule in list(object.get(spec(p), lower(d), []))
	object.get(rule, "action", "") in {"Allow", "Pass"}
	calico_wide(rule)
}

# calico_wide(rule): a rule that no peer or port narrows: its source and
# destination criteria are each empty, all(), a net of every address, or a
# negation (notNets, notSelector, notPorts: everything but something).
# Protocol, ICMP and IP version do not narrow it: rules for TCP, UDP and
# ICMP together are everything.
calico_wide(rule) if {
	every side in ["source", "destination"] {
		every k, v in object.get(rule, side, {}) {
			calico_wide_criterion(k, v)
		}
	}
}

calico_wide_criterion(_, v) if empty(v)

calico_wide_criterion(k, _) if startswith(k, "not")

calico_wide_criterion(k, v) if {
	k in {"selector", "namespaceSelector"}
	trim_space(str(v)) in {"", "all()"}
}

calico_wide_criterion("nets", v) if {
	some n in list(v)
	n in all_addresses
}

# ---------------------------------------------------------------------------
# AdminNetworkPolicy and BaselineAdminNetworkPolicy
# (policy.networking.k8s.io/v1alpha1). The subject selects namespaces
# (subject.namespaces) or pods (subject.pods.namespaceSelector and
# podSelector). Only the BaselineAdminNetworkPolicy named "default" is in
# force. A direction is denied when a rule with action Deny has a peer for
# every pod (namespaces: {}, or pods with both selectors {}) and, for
# egress, a networks peer for every address (0.0.0.0/0 and ::/0), and no
# rule before it allows or passes the same.

anp_in_force(p) if p.kind == "AdminNetworkPolicy"

anp_in_force(p) if {
	p.kind == "BaselineAdminNetworkPolicy"
	p.metadata.name == "default"
}

anp_ns_selector(p) := s if {
	s := object.get(spec(p), ["subject", "namespaces"], null)
	s != null
} else := object.get(spec(p), ["subject", "pods", "namespaceSelector"], null)

anp_decidable(p) if {
	anp_ns_selector(p) != null
	decidable(requirements(anp_ns_selector(p), ""))
}

# anp_covers(p, ns): p's subject is every pod of ns (one that selects pods
# by label may select none there, which the inventory cannot tell).
anp_covers(p, ns) if {
	anp_in_force(p)
	anp_decidable(p)
	anp_selects_all(p)
	matches(requirements(anp_ns_selector(p), ""), labels(ns))
}

anp_selects_all(p) if object.get(spec(p), ["subject", "namespaces"], null) != null

anp_selects_all(p) if selects_all(object.get(spec(p), ["subject", "pods", "podSelector"], null))

# Only egress: an ingress peer of v1alpha1 is pods or namespaces, so that a
# Deny of every pod leaves traffic from outside the cluster to the
# NetworkPolicies.
anp_denies(p, ns, "Egress") if {
	anp_covers(p, ns)
	anp_selects_all(p)
	rules := list(object.get(spec(p), "egress", []))
	some i, rule in rules
	object.get(rule, "action", "") == "Deny"
	empty(object.get(rule, "ports", null))
	anp_peers_all(rule, "Egress")
	not anp_opened_before(rules, i, "Egress")
}

anp_opened_before(rules, i, d) if {
	some j, rule in rules
	j < i
	object.get(rule, "action", "") in {"Allow", "Pass"}
	empty(object.get(rule, "ports", null))
	anp_peers_all(rule, d)
}

# anp_allows_all(p, ns, d): an AdminNetworkPolicy over every pod of ns
# allows every peer of d on every port before any rule denies it; it takes
# precedence over every NetworkPolicy.
anp_allows_all(p, ns, d) if {
	p.kind == "AdminNetworkPolicy"
	anp_covers(p, ns)
	anp_selects_all(p)
	rules := list(object.get(spec(p), lower(d), []))
	some i, rule in rules
	object.get(rule, "action", "") == "Allow"
	empty(object.get(rule, "ports", null))
	anp_peers_all(rule, d)
	not anp_denied_before(rules, i, d)
}

anp_denied_before(rules, i, d) if {
	some j, rule in rules
	j < i
	object.get(rule, "action", "") == "Deny"
	empty(object.get(rule, "ports", null))
	anp_peers_all(rule, d)
}

anp_peers(rule, "Ingress") := list(object.get(rule, "from", []))

anp_peers(rule, "Egress") := list(object.get(rule, "to", []))

anp_all_pods(peer) if selects_all(object.get(peer, "namespaces", null))

anp_all_pods(peer) if {
	selects_all(object.get(peer, ["pods", "namespaceSelector"], null))
	selects_all(object.get(peer, ["pods", "podSelector"], null))
}

anp_peers_all(rule, "Ingress") if {
	some peer in anp_peers(rule, "Ingress")
	anp_all_pods(peer)
}

anp_peers_all(rule, "Egress") if {
	some peer in anp_peers(rule, "Egress")
	anp_all_pods(peer)
	networks := {n | some q in anp_peers(rule, "Egress"); some n in list(object.get(q, "networks", []))}
	"0.0.0.0/0" in networks
	"::/0" in networks
}

# ---------------------------------------------------------------------------
# Every kind

namespaced(ns) := [p | some kind in namespaced_kinds; some p in inv.in_namespace(ns.metadata.name, kind)]

cluster_wide := [p | some kind in cluster_kinds; some p in inv.objects(kind)]

# candidates(ns) pairs each policy that may apply in ns (its own, and the
# cluster-wide ones) with the kind it was read as, so that each is judged by
# the rules of its kind alone: trying every kind's rules on every policy
# cost most of the time of a check over thousands of namespaces. Kubernetes
# NetworkPolicies are judged apart (k8s_policies), once each.
candidates(ns) := array.concat(
	[[kind, p] | some kind in namespaced_kinds; kind != "NetworkPolicy"; some p in inv.in_namespace(ns.metadata.name, kind)],
	cluster_candidates,
)

cluster_candidates := [[kind, p] | some kind in cluster_kinds; some p in inv.objects(kind)]

family := {
	"CiliumNetworkPolicy": "cilium",
	"CiliumClusterwideNetworkPolicy": "cilium",
	"NetworkPolicy.crd.projectcalico.org": "calico",
	"NetworkPolicy.projectcalico.org": "calico",
	"GlobalNetworkPolicy.crd.projectcalico.org": "calico",
	"GlobalNetworkPolicy.projectcalico.org": "calico",
	"AdminNetworkPolicy": "anp",
	"BaselineAdminNetworkPolicy": "anp",
}

# The Kubernetes NetworkPolicies of each namespace are judged once each,
# however often a check asks (a NetworkPolicy acts in its own namespace
# only), by namespace name: k8s_covering[ns] are the refs of them all, and
# k8s_denying[ns][d] and k8s_opening[ns][d] those that deny or open
# direction d for every pod. Only a policy that selects every pod (wide) can
# deny or open a direction for the whole namespace.
k8s_policies := {name: {"all": ps, "wide": [p | some p in ps; k8s_selects_all(p)]} |
	some name, _ in object.get(input, "by_namespace", {})
	ps := [p | some p in inv.in_namespace(name, "NetworkPolicy"); kind_of(p) == "NetworkPolicy"]
}

k8s_covering := {name: {inv.ref(p) | some p in ps.all} | some name, ps in k8s_policies}

k8s_denying := {name: {d: {inv.ref(p) | some p in ps.wide; k8s_denies(p, d)} | some d in directions} | some name, ps in k8s_policies}

k8s_opening := {name: {d: {inv.ref(p) | some p in ps.wide; k8s_allows_all(p, d)} | some d in directions} | some name, ps in k8s_policies}

# covering(ns) is the refs of the policies that select pods of ns.
covering(ns) := object.get(k8s_covering, ns.metadata.name, set()) | {inv.ref(p) |
	some [kind, p] in candidates(ns)
	covers(family[kind], p, ns)
}

covers("cilium", p, ns) if {
	some r in cilium_rules(p)
	cilium_covers(p, r, ns)
}

covers("calico", p, ns) if calico_covers(p, ns)

covers("anp", p, ns) if anp_covers(p, ns)

# denying(ns, d) is the refs of the policies that deny d by default for
# every pod of ns.
denying(ns, d) := object.get(k8s_denying, [ns.metadata.name, d], set()) | {inv.ref(p) |
	some [kind, p] in candidates(ns)
	denies(family[kind], p, ns, d)
}

denies("cilium", p, ns, d) if {
	some r in cilium_rules(p)
	cilium_denies(p, r, ns, d)
}

denies("calico", p, ns, d) if calico_denies(p, ns, d)

denies("anp", p, ns, d) if anp_denies(p, ns, d)

# opening(ns, d) is the refs of the policies that allow all d traffic of
# every pod of ns, which undoes a default deny (policies add up; an
# AdminNetworkPolicy comes first).
opening(ns, d) := object.get(k8s_opening, [ns.metadata.name, d], set()) | {inv.ref(p) |
	some [kind, p] in candidates(ns)
	opens(family[kind], p, ns, d)
}

opens("cilium", p, ns, d) if {
	some r in cilium_rules(p)
	cilium_covers(p, r, ns)
	count(cilium_pod_reqs(r)) == 0
	cilium_allows_all(r, d)
}

opens("calico", p, ns, d) if {
	calico_covers(p, ns)
	count(calico_pod_reqs(p)) == 0
	object.get(spec(p), "serviceAccountSelector", "") == ""
	d in calico_types(p)
	some rule in list(object.get(spec(p), lower(d), []))
	object.get(rule, "action", "") == "Allow"
	calico_wide(rule)
}

opens("anp", p, ns, d) if anp_allows_all(p, ns, d)

# undecided_policies is a reason for each cluster-wide policy whose
# namespaces cannot be told.
undecided_policies contains sprintf("%s selects namespaces with %s, which kubeassay cannot evaluate", [inv.ref(p), why]) if {
	some p in cluster_wide
	why := undecidable(p)
}

undecidable(p) := "an endpointSelector operator" if {
	p.kind == "CiliumClusterwideNetworkPolicy"
	some r in cilium_rules(p)
	cilium_selects_pods(r)
	not decidable(cilium_reqs(r))
}

undecidable(p) := "a selector expression" if {
	kind_of(p) in calico_global
	not calico_host_only(p)
	not calico_global_decidable(p)
}

undecidable(p) := "a subject" if {
	anp_in_force(p)
	not anp_decidable(p)
}

# unscoped is the refs of the namespaced policies that do not say their
# namespace (a manifest applied to whatever namespace kubectl uses).
unscoped contains inv.ref(p) if {
	some kind in namespaced_kinds
	some p in inv.objects(kind)
	object.get(p, ["metadata", "namespace"], "") == ""
}
