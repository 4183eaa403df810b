# METADATA
# title: Every namespace denies traffic by default
# description: |
#   Pods accept traffic from, and may send it to, every other pod and address
#   until a NetworkPolicy selects them. A default-deny policy in each namespace
#   turns that around: only what another policy allows gets through. The
#   NSA/CISA Kubernetes Hardening Guide asks for a default policy denying both
#   ingress and egress in every namespace; KA-INV-002 only asks for some
#   NetworkPolicy.
#
#   A networking.k8s.io NetworkPolicy denies a direction by default when it
#   selects every pod of its namespace (podSelector {}: no matchLabels and no
#   matchExpressions) and lists that direction in its policyTypes with no rule
#   for it (no ingress rules for Ingress, no egress rules for Egress). Without
#   policyTypes, a policy is of type Ingress, and of type Egress too when it has
#   egress rules, as Kubernetes reads it. The two directions may come from one
#   policy or two. A namespace fails when either direction has no default deny:
#   an ingress-only default deny fails, naming Egress, because the guide asks
#   for both. It fails also when a policy selecting every pod allows all
#   traffic of a direction (a rule with no peers and no ports), which undoes
#   the default deny, as policies add up. Policies of other groups (Calico,
#   Cilium) are not read: a namespace protected only by them fails here, and is
#   for the operator to document.
#
#   Every Namespace object is judged, system namespaces included, as for
#   KA-INV-002. With no Namespace object in the input the check does not apply;
#   a NetworkPolicy without metadata.namespace makes a namespace that would fail
#   undecided. When NetworkPolicies could not be listed, the control is ERROR.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
#     description: Kubernetes documentation, default network policies
#   - ref: https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF
#     description: NSA/CISA Kubernetes Hardening Guide v1.2, Network separation and hardening (network policies)
# custom:
#   id: KA-INV-015
#   severity: medium
#   subject: inventory
#   kinds: [Namespace, NetworkPolicy]
#   remediation: |
#     Add to every namespace a NetworkPolicy with `podSelector: {}`,
#     `policyTypes: [Ingress, Egress]` and no rules, then policies that allow
#     only the traffic each workload needs (DNS to the cluster's resolver
#     included, for egress). Remove policies that allow all traffic to every
#     pod.
package kubeassay.checks.inventory.namespace_default_deny

import data.kubeassay.lib.inventory as inv

skip := "no Namespace object in the input: the namespaces to judge are not known" if {
	count(inv.objects("Namespace")) == 0
}

directions := ["Ingress", "Egress"]

rule_field := {"Ingress": "ingress", "Egress": "egress"}

spec(p) := s if {
	s := object.get(p, "spec", {})
	is_object(s)
} else := {}

rules(p, d) := l if {
	l := object.get(spec(p), rule_field[d], [])
	is_array(l)
} else := []

# selects_all(p) holds when p's podSelector selects every pod.
selects_all(p) if {
	sel := object.get(spec(p), "podSelector", {})
	sel == null
}

selects_all(p) if {
	sel := object.get(spec(p), "podSelector", {})
	is_object(sel)
	empty(object.get(sel, "matchLabels", null))
	empty(object.get(sel, "matchExpressions", null))
}

# empty(x) holds for null, {} and [].
empty(x) if x == null

empty(x) if {
	is_object(x)
	count(x) == 0
}

empty(x) if {
	is_array(x)
	count(x) == 0
}

# types(p) is p's policy types as Kubernetes reads them.
types(p) := t if {
	t := object.get(spec(p), "policyTypes", [])
	is_array(t)
	count(t) > 0
} else := ["Ingress", "Egress"] if {
	count(rules(p, "Egress")) > 0
} else := ["Ingress"]

denies(p, d) if {
	selects_all(p)
	d in types(p)
	no_rules(p, d)
}

# no_rules(p, d) holds when p has no rule for direction d: the field is
# absent, null or an empty list. A field of another type is not read as
# "no rules" (the API server would refuse it).
no_rules(p, d) if object.get(spec(p), rule_field[d], null) == null

no_rules(p, d) if object.get(spec(p), rule_field[d], null) == []

# allows_all(p, d) holds when p opens direction d to everything for every pod.
allows_all(p, d) if {
	selects_all(p)
	d in types(p)
	some r in rules(p, d)
	open_rule(r, d)
}

# open_rule(r, d) holds for a rule without peers or ports: it allows all. A
# null rule decodes to such a rule.
open_rule(r, _) if r == null

open_rule(r, d) if {
	is_object(r)
	peers := {"Ingress": "from", "Egress": "to"}[d]
	empty(object.get(r, peers, null))
	empty(object.get(r, "ports", null))
}

policies(ns) := inv.in_namespace(ns.metadata.name, "NetworkPolicy")

# missing(ns) is the directions ns has no default deny for.
missing(ns) := [d |
	some d in directions
	not default_deny(ns, d)
]

default_deny(ns, d) if {
	some p in policies(ns)
	denies(p, d)
}

unscoped contains inv.ref(p) if {
	some p in inv.objects("NetworkPolicy")
	object.get(p, ["metadata", "namespace"], "") == ""
}

uncovered contains ns if {
	some ns in inv.objects("Namespace")
	count(missing(ns)) > 0
}

unknown := sprintf("%d namespaces without a default deny of their own (%s) could be covered by %d NetworkPolicies without metadata.namespace (%s)", [
	count(uncovered),
	concat(", ", sort([ns.metadata.name | some ns in uncovered])),
	count(unscoped),
	concat(", ", sort(unscoped)),
]) if {
	count(unscoped) > 0
	count(uncovered) > 0
}

deny contains inv.finding(msg, ns, "", null) if {
	count(unscoped) == 0
	some ns in uncovered
	msg := sprintf("namespace %q has no default-deny NetworkPolicy for %s", [ns.metadata.name, concat(" and ", missing(ns))])
}

deny contains inv.finding(msg, p, path, rules(p, d)) if {
	some ns in inv.objects("Namespace")
	some p in policies(ns)
	some d in directions
	allows_all(p, d)
	msg := sprintf("NetworkPolicy %q in namespace %q allows all %s traffic of every pod, which undoes a default deny", [p.metadata.name, ns.metadata.name, lower(d)])
	path := sprintf("spec.%s", [rule_field[d]])
}
