package kubeassay.lib.inventory_test

import data.kubeassay.lib.inventory as inv

ns := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a"}}

np := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "deny", "namespace": "team-a"}}

test_objects_of_a_listed_kind if {
	inv.objects("Namespace") == [ns] with input as {"objects": {"Namespace": [ns]}}
}

test_objects_of_another_kind_is_empty if {
	inv.objects("Pod") == [] with input as {"objects": {"Namespace": [ns]}}
}

test_in_namespace if {
	inv.in_namespace("team-a", "NetworkPolicy") == [np] with input as {"by_namespace": {"team-a": {"NetworkPolicy": [np]}}}
	inv.in_namespace("team-b", "NetworkPolicy") == [] with input as {"by_namespace": {"team-a": {"NetworkPolicy": [np]}}}
}

test_resource_and_ref if {
	inv.resource(np) == {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "namespace": "team-a", "name": "deny"}
	inv.resource(ns).namespace == ""
	inv.ref(np) == "NetworkPolicy/team-a/deny"
	inv.ref(ns) == "Namespace/team-a"
}

test_finding if {
	f := inv.finding("m", ns, "", null)
	f.msg == "m"
	f.resource.name == "team-a"
}
