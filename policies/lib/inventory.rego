# Helpers for the inventory checks (custom.subject: inventory), which are
# evaluated once per scan on every object of the kinds they list:
# input.objects[kind] (a list, present for every listed kind),
# input.by_namespace[ns][kind] and input.namespaces (the names of the
# Namespace objects). Every finding names the object it is about.
package kubeassay.lib.inventory

# objects(kind) is every object of a kind the check lists ([] for another).
objects(kind) := object.get(input.objects, kind, [])

# in_namespace(ns, kind) is every object of the kind in namespace ns.
in_namespace(ns, kind) := object.get(input.by_namespace, [ns, kind], [])

# resource(obj) names an object as an inventory finding's resource.
resource(obj) := {
	"apiVersion": object.get(obj, "apiVersion", ""),
	"kind": object.get(obj, "kind", ""),
	"namespace": object.get(obj, ["metadata", "namespace"], ""),
	"name": object.get(obj, ["metadata", "name"], ""),
}

# finding(msg, obj, path, value) is a finding about obj: path is a field of
# obj ("" when the fault is the absence of another object).
finding(msg, obj, p, value) := {"msg": msg, "path": p, "value": value, "resource": resource(obj)}

# ref(obj) is Kind/name or Kind/namespace/name, for messages.
ref(obj) := sprintf("%s/%s", [obj.kind, obj.metadata.name]) if {
	object.get(obj, ["metadata", "namespace"], "") == ""
} else := sprintf("%s/%s/%s", [obj.kind, obj.metadata.namespace, obj.metadata.name])

# count_of(n, noun) is "1 workload" or "3 workloads".
count_of(n, noun) := sprintf("1 %s", [noun]) if n == 1

else := sprintf("%d %ss", [n, noun])
