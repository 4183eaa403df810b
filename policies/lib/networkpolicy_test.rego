package kubeassay.lib.networkpolicy_test

import data.kubeassay.lib.networkpolicy as np

# inventory(objs) is the input the engine gives a check listing every kind
# of policy: objects by kind, namespaced ones by namespace too.
inventory(objs) := {
	"objects": {k: [o | some o in objs; name(o) == k] | some k in array.concat(["Namespace"], array.concat(np.namespaced_kinds, np.cluster_kinds))},
	"by_namespace": {ns: {k: [o | some o in objs; name(o) == k; object.get(o, ["metadata", "namespace"], "") == ns] | some k in np.namespaced_kinds} |
		some o in objs
		ns := object.get(o, ["metadata", "namespace"], "")
	},
}

name(o) := np.kind_of(o)

ns(n, ls) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": n, "labels": ls}}

calico(kind, n, namespace, spec) := {"apiVersion": "projectcalico.org/v3", "kind": kind, "metadata": object.union({"name": n}, {"namespace": namespace | namespace != ""}), "spec": spec}

ccnp(n, spec) := {"apiVersion": "cilium.io/v2", "kind": "CiliumClusterwideNetworkPolicy", "metadata": {"name": n}, "spec": spec}

anp(kind, n, spec) := {"apiVersion": "policy.networking.k8s.io/v1alpha1", "kind": kind, "metadata": {"name": n}, "spec": spec}

test_calico_selector_terms if {
	np.calico_reqs("") == []
	np.calico_reqs("all()") == []
	np.calico_reqs(`has(a) && !has(b) && c == 'x' && d != "y" && e in {'1', "2"} && f not in {'3'}`) == [
		{"key": "a", "op": "Exists", "values": []},
		{"key": "b", "op": "DoesNotExist", "values": []},
		{"key": "c", "op": "In", "values": ["x"]},
		{"key": "d", "op": "NotIn", "values": ["y"]},
		{"key": "e", "op": "In", "values": ["1", "2"]},
		{"key": "f", "op": "NotIn", "values": ["3"]},
	]
	[r.op | some r in np.calico_reqs("a == 'x' || b == 'y'")] == ["?"]
	[r.op | some r in np.calico_reqs("a contains 'x'")] == ["?"]
	not np.decidable(np.calico_reqs("(a == 'x')"))
}

test_label_matching_follows_kubernetes if {
	ls := {"team": "a"}
	np.matches([{"key": "team", "op": "In", "values": ["a", "b"]}], ls)
	np.matches([{"key": "env", "op": "NotIn", "values": ["prod"]}], ls)
	np.matches([{"key": "env", "op": "DoesNotExist", "values": []}], ls)
	not np.matches([{"key": "env", "op": "Exists", "values": []}], ls)
	not np.matches([{"key": "team", "op": "NotIn", "values": ["a"]}], ls)
	not np.matches([{"key": "team", "op": "?", "values": []}], ls)
}

test_cilium_keys_lose_their_source if {
	reqs := np.requirements({"matchLabels": {"k8s:io.kubernetes.pod.namespace": "a", "any:app": "web"}}, "cilium")
	{r.key | some r in reqs} == {"io.kubernetes.pod.namespace", "app"}
	np.requirements({"matchLabels": {"k8s:x": "1"}}, "") == [{"key": "k8s:x", "op": "In", "values": ["1"]}]
	np.requirements("nonsense", "")[0].op == "?"
}

test_calico_types_default_as_calico_reads_them if {
	np.calico_types({"spec": {}}) == ["Ingress"]
	np.calico_types({"spec": {"egress": [{"action": "Allow"}]}}) == ["Egress"]
	np.calico_types({"spec": {"ingress": [{"action": "Allow"}], "egress": [{"action": "Allow"}]}}) == ["Ingress", "Egress"]
	np.calico_types({"spec": {"types": ["Egress"], "ingress": [{}]}}) == ["Egress"]
}

test_global_policy_namespaces if {
	gnp := calico("GlobalNetworkPolicy", "g", "", {"namespaceSelector": "tier == 'web'", "selector": "projectcalico.org/namespace != 'shop'"})
	i := inventory([ns("front", {"tier": "web"}), ns("shop", {"tier": "web"}), ns("back", {}), gnp])
	np.covering(ns("front", {"tier": "web"})) == {"GlobalNetworkPolicy/g"} with input as i
	np.covering(ns("shop", {"tier": "web"})) == set() with input as i
	np.covering(ns("back", {})) == set() with input as i
}

test_cilium_namespace_labels_select_namespaces if {
	p := ccnp("c", {"endpointSelector": {"matchLabels": {"k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name": "a"}}, "ingress": [{}]})
	i := inventory([ns("a", {}), ns("b", {}), p])
	np.denying(ns("a", {}), "Ingress") == {"CiliumClusterwideNetworkPolicy/c"} with input as i
	np.denying(ns("a", {}), "Egress") == set() with input as i
	np.covering(ns("b", {})) == set() with input as i
}

test_cilium_reserved_identities_are_no_pods if {
	p := ccnp("host", {"endpointSelector": {"matchLabels": {"reserved:host": ""}}, "ingress": [{}]})
	np.covering(ns("a", {})) == set() with input as inventory([ns("a", {}), p])
}

test_cilium_specs_list if {
	p := {"apiVersion": "cilium.io/v2", "kind": "CiliumNetworkPolicy", "metadata": {"name": "two", "namespace": "a"}, "specs": [
		{"endpointSelector": {}, "ingress": [{}]},
		{"endpointSelector": {}, "egressDeny": [{"toEntities": ["world"]}]},
	]}
	i := inventory([ns("a", {}), p])
	np.denying(ns("a", {}), "Ingress") == {"CiliumNetworkPolicy/a/two"} with input as i
	np.denying(ns("a", {}), "Egress") == {"CiliumNetworkPolicy/a/two"} with input as i
}

test_baseline_admin_policy_must_be_named_default if {
	spec := {"subject": {"namespaces": {}}, "egress": [{"action": "Deny", "to": [{"namespaces": {}}, {"networks": ["0.0.0.0/0", "::/0"]}]}]}
	np.denying(ns("a", {}), "Egress") == {"BaselineAdminNetworkPolicy/default"} with input as inventory([ns("a", {}), anp("BaselineAdminNetworkPolicy", "default", spec)])
	np.covering(ns("a", {})) == set() with input as inventory([ns("a", {}), anp("BaselineAdminNetworkPolicy", "other", spec)])
}

test_admin_policy_allow_before_deny_opens if {
	spec := {"priority": 1, "subject": {"pods": {"namespaceSelector": {}, "podSelector": {}}}, "ingress": [
		{"action": "Allow", "from": [{"pods": {"namespaceSelector": {}, "podSelector": {}}}]},
		{"action": "Deny", "from": [{"namespaces": {}}]},
	]}
	i := inventory([ns("a", {}), anp("AdminNetworkPolicy", "p", spec)])
	np.covering(ns("a", {})) == {"AdminNetworkPolicy/p"} with input as i
	np.denying(ns("a", {}), "Ingress") == set() with input as i
}

# A cluster-wide policy over some app's pods may select none of a
# namespace's: it covers no namespace (review 16, finding 6).
test_admin_policy_of_some_pods_is_no_default_deny if {
	spec := {"priority": 1, "subject": {"pods": {"namespaceSelector": {}, "podSelector": {"matchLabels": {"app": "db"}}}}, "ingress": [{"action": "Deny", "from": [{"namespaces": {}}]}]}
	i := inventory([ns("a", {}), anp("AdminNetworkPolicy", "p", spec)])
	np.covering(ns("a", {})) == set() with input as i
	np.denying(ns("a", {}), "Ingress") == set() with input as i
}

test_undecidable_cluster_policies_are_named if {
	i := inventory([
		ns("a", {}),
		calico("GlobalNetworkPolicy", "g", "", {"namespaceSelector": "a == 'x' || b == 'y'"}),
		ccnp("c", {"endpointSelector": {"matchExpressions": [{"key": "io.kubernetes.pod.namespace", "operator": "Matches"}]}}),
		anp("AdminNetworkPolicy", "p", {"subject": {"namespaces": {"matchExpressions": [{"key": "x", "operator": "Gt"}]}}}),
		calico("GlobalNetworkPolicy", "host", "", {"namespaceSelector": "a || b", "doNotTrack": true}),
	])
	np.undecided_policies == {
		"GlobalNetworkPolicy/g selects namespaces with a selector expression, which kubeassay cannot evaluate",
		"CiliumClusterwideNetworkPolicy/c selects namespaces with an endpointSelector operator, which kubeassay cannot evaluate",
		"AdminNetworkPolicy/p selects namespaces with a subject, which kubeassay cannot evaluate",
	} with input as i
}

test_calico_policy_opening_everything_is_no_default_deny if {
	p := calico("NetworkPolicy", "open", "a", {"selector": "all()", "types": ["Ingress"], "ingress": [{"action": "Pass"}]})
	dns := calico("NetworkPolicy", "dns", "a", {"types": ["Egress"], "egress": [{"action": "Allow", "protocol": "UDP", "destination": {"ports": [53]}}]})
	i := inventory([ns("a", {}), p, dns])
	np.denying(ns("a", {}), "Ingress") == set() with input as i
	np.denying(ns("a", {}), "Egress") == {"NetworkPolicy/a/dns"} with input as i
}

test_kind_names_follow_the_input if {
	np.kind_of({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy"}) == "NetworkPolicy"
	np.kind_of({"apiVersion": "crd.projectcalico.org/v1", "kind": "NetworkPolicy"}) == "NetworkPolicy.crd.projectcalico.org"
	np.kind_of({"apiVersion": "cilium.io/v2", "kind": "CiliumNetworkPolicy"}) == "CiliumNetworkPolicy"
}
