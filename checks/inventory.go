package checks

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// An inventory check (custom.subject: inventory) judges the inventory as a
// whole: a namespace without a NetworkPolicy, a binding to cluster-admin.
// It is evaluated once per scan, after every document was read, on the
// objects of the kinds it lists in custom.kinds, and on nothing else:
//
//	input.objects[<kind>]                 every object of that kind (a list, present and
//	                                      possibly empty for every kind the check lists)
//	input.by_namespace[<ns>][<kind>]      the namespaced objects, by namespace then kind
//	input.namespaces                      the names of the Namespace objects (when the
//	                                      check lists Namespace), sorted
//
// Kinds are named as the report names them (GroupKind.String: Namespace,
// NetworkPolicy, NetworkPolicy.crd.projectcalico.org). Objects are in a
// fixed order (kind, namespace, name, origin) so that evaluation is
// deterministic. Each finding names the object it is about in
// `resource: {apiVersion, kind, namespace, name}`; a finding without it is a
// check error.
//
// Only the objects of the kinds some inventory check lists are kept, less
// their managedFields and last-applied annotation: the kinds of the checks
// today are small (Namespace, NetworkPolicy, bindings), and a check that needs
// big objects lists their kinds explicitly.
//
// Status: a check is evaluated only when at least one object of its kinds
// was read; otherwise it is not evaluated and its control is SKIP ("no
// object in the input is of a kind this control judges"). Evaluated, it
// passes when it found nothing (Evaluated counts the objects of its kinds),
// is SKIP when its skip rule says why (Skipped), and ERROR through its
// unknown rule (Unknown, with an empty Object) or an evaluation error. A
// kind that could not be listed, or an unread document of one of its kinds,
// makes it ERROR through the verdict rules, which go by the check's Kinds
// like for any other check.

// inventoryCheck is one inventory check and its prepared query.
type inventoryCheck struct {
	check *Check
	q     *query
}

// inventoryObject is an object kept for the inventory checks.
type inventoryObject struct {
	ref    ObjectRef
	gk     GroupKind
	origin Origin
	obj    map[string]any
}

// lastApplied is the annotation kubectl apply leaves: a second copy of the
// object, which no inventory check reads.
const lastApplied = "kubectl.kubernetes.io/last-applied-configuration"

// keepForInventory returns what is kept of an object for the inventory
// checks: the object less metadata.managedFields and the last-applied
// annotation, without changing obj.
func keepForInventory(obj map[string]any) map[string]any {
	meta, ok := obj["metadata"].(map[string]any)
	if !ok {
		return obj
	}
	_, mf := meta["managedFields"]
	ann, _ := meta["annotations"].(map[string]any)
	_, la := ann[lastApplied]
	if !mf && !la {
		return obj
	}
	out := make(map[string]any, len(obj))
	for k, v := range obj {
		out[k] = v
	}
	m := make(map[string]any, len(meta))
	for k, v := range meta {
		if k != "managedFields" {
			m[k] = v
		}
	}
	if la {
		a := make(map[string]any, len(ann))
		for k, v := range ann {
			if k != lastApplied {
				a[k] = v
			}
		}
		m["annotations"] = a
	}
	out["metadata"] = m
	return out
}

// inventoryInput builds one check's input from the kept objects (sorted).
// It returns the input and how many objects of the check's kinds it holds.
func inventoryInput(ch *Check, objs []inventoryObject) (map[string]any, int) {
	objects := map[string]any{}
	lists := map[GroupKind][]any{}
	for _, k := range ch.Kinds {
		lists[k] = []any{}
	}
	byNS := map[string]map[string][]any{}
	namespaces := []any{}
	n := 0
	for _, o := range objs {
		if _, ok := lists[o.gk]; !ok {
			continue
		}
		n++
		name := o.gk.String()
		lists[o.gk] = append(lists[o.gk], o.obj)
		if o.ref.Namespace != "" {
			if byNS[o.ref.Namespace] == nil {
				byNS[o.ref.Namespace] = map[string][]any{}
			}
			byNS[o.ref.Namespace][name] = append(byNS[o.ref.Namespace][name], o.obj)
		}
		if o.gk == (GroupKind{"", "Namespace"}) {
			namespaces = append(namespaces, o.ref.Name)
		}
	}
	for k, l := range lists {
		objects[k.String()] = l
	}
	by := make(map[string]any, len(byNS))
	for ns, kinds := range byNS {
		m := make(map[string]any, len(kinds))
		for k, l := range kinds {
			m[k] = l
		}
		by[ns] = m
	}
	slices.SortFunc(namespaces, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
	namespaces = slices.CompactFunc(namespaces, func(a, b any) bool { return a == b })
	return map[string]any{"objects": objects, "by_namespace": by, "namespaces": namespaces}, n
}

// runInventory evaluates every inventory check once on the kept objects and
// records its verdict in res; it returns the findings, each reported against
// the object it names.
func (e *Engine) runInventory(ctx context.Context, objs []inventoryObject, res *Result) []ObjectFinding {
	slices.SortFunc(objs, func(a, b inventoryObject) int {
		return cmp.Or(
			a.gk.Compare(b.gk),
			strings.Compare(a.ref.Namespace, b.ref.Namespace),
			strings.Compare(a.ref.Name, b.ref.Name),
			strings.Compare(a.origin.File, b.origin.File),
			cmp.Compare(a.origin.Document, b.origin.Document),
			cmp.Compare(itemIndex(a.origin), itemIndex(b.origin)),
		)
	})
	origins := make(map[ObjectRef]Origin, len(objs))
	for _, o := range objs {
		if _, ok := origins[o.ref]; !ok {
			origins[o.ref] = o.origin
		}
	}
	var out []ObjectFinding
	for _, ic := range e.inventory {
		id := ic.check.ID
		input, n := inventoryInput(ic.check, objs)
		if n == 0 {
			// No object of its kinds was read: nothing to judge, and
			// the control is SKIP saying so (or ERROR, when a kind or
			// a document of its kinds could not be read).
			continue
		}
		e.inventoryEvals.Add(1)
		v := e.evalValue(ctx, ic.q, input)
		if msg, failed := v.errs[id]; failed {
			res.CheckErrors[id] = append(res.CheckErrors[id], msg)
			continue
		}
		if reason, skipped := v.skips[id]; skipped {
			if res.Skipped[id] == nil {
				res.Skipped[id] = map[string]int{}
			}
			res.Skipped[id][reason]++
			continue
		}
		for _, f := range v.findings {
			ref := *f.Resource
			f.Resource = nil
			out = append(out, ObjectFinding{Finding: f, Object: ref, Origin: origins[ref]})
		}
		if reason, undecided := v.unknowns[id]; undecided {
			// The reason names what could not be decided: the check
			// looked at the inventory as a whole, not at one object.
			res.Unknown[id] = append(res.Unknown[id], Unknown{Reason: reason})
			continue
		}
		res.Evaluated[id] = n
	}
	return out
}
