package checks

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	json "github.com/goccy/go-json"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/kubeassay/kubeassay/checks/rbac"
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
// Only the objects of the kinds some inventory check lists are kept, and not
// all of them (keepForInventory): never the fields of metadata.managedFields (its managers are kept), the
// last-applied annotation or status; for a workload, its metadata and its pod
// template's metadata and the spec fields in inventoryPodFields (service
// account, volumes, host placement: pod checks judge the containers); for a
// ConfigMap, its keys without their values. Each kept object is turned into a Rego value
// once, by the worker that read it, and shared by every inventory check that
// lists its kind. Objects of a namespaced kind that name no namespace (a
// manifest) are in input.by_namespace[""].
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
	tags   *Tags
	// data is the kept object as JSON (keptObject) until toValues turns
	// it into val, a Rego value, and, for RBAC kinds only, obj, the same
	// object decoded (the RBAC view reads it).
	data []byte
	val  ast.Value
	obj  map[string]any
	// owned: a controller owns the object.
	owned bool
}

// inventoryScope says, per kind, which objects some inventory check reads:
// the namespaces (nil: every one) and whether objects a controller owns are
// read. Other objects of the kind are not kept at all.
type inventoryScope map[GroupKind]*kindScope

type kindScope struct {
	namespaces map[string]bool // nil: every namespace
	owned      bool
}

func (sc inventoryScope) add(k GroupKind, ch *Check) {
	cur, seen := sc[k]
	if !seen {
		cur = &kindScope{namespaces: map[string]bool{}}
		sc[k] = cur
	}
	if !ch.SkipOwned {
		cur.owned = true
	}
	switch {
	case len(ch.Namespaces) == 0:
		cur.namespaces = nil
	case cur.namespaces == nil:
		// Another check reads every namespace.
	default:
		for _, ns := range ch.Namespaces {
			cur.namespaces[ns] = true
		}
	}
}

// keeps reports whether some inventory check reads an object of kind k in
// namespace ns, owned by a controller or not. Objects without a namespace
// are always kept.
func (sc inventoryScope) keeps(k GroupKind, ns string, owned bool) bool {
	s := sc[k]
	if s == nil || (owned && !s.owned) {
		return false
	}
	return s.namespaces == nil || ns == "" || s.namespaces[ns]
}

// reads reports whether an inventory check reads a kept object.
func reads(ch *Check, o inventoryObject) bool {
	if ch.SkipOwned && o.owned {
		return false
	}
	return len(ch.Namespaces) == 0 || o.ref.Namespace == "" || slices.Contains(ch.Namespaces, o.ref.Namespace)
}

// keptObject is what a worker keeps of an object for the inventory checks:
// the trimmed object as compact JSON. Bytes hold no pointers, so that the
// garbage collector does not walk what the inventory keeps while the scan
// reads the rest: kept as Rego values from the start, a million objects'
// inventory (1.4 GB of small objects) was marked again at every collection.
// The values are built once, after the last document (toValues).
type keptObject struct {
	data []byte
	err  error
}

// keep trims obj for the inventory checks.
func keep(gk GroupKind, obj map[string]any) *keptObject {
	data, err := json.Marshal(keepForInventory(gk, obj))
	return &keptObject{data: data, err: err}
}

// toValues turns the kept objects into Rego values, on every core, with
// strings of their own (keptvalue.go), and an RBAC object also into the
// decoded map the RBAC view reads. An object that cannot be turned is
// reported as an input error and left out.
func (e *Engine) toValues(objs []inventoryObject, res *Result) []inventoryObject {
	errs := make([]error, len(objs))
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for range e.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < len(objs); i = int(next.Add(1) - 1) {
				o := &objs[i]
				var x any
				if errs[i] = json.Unmarshal(o.data, &x); errs[i] != nil {
					continue
				}
				o.data = nil
				if o.val, errs[i] = e.strings.keptValue(x); errs[i] != nil {
					continue
				}
				if o.gk.Group == rbac.Group {
					o.obj, _ = x.(map[string]any)
				}
			}
		}()
	}
	wg.Wait()
	out := objs[:0]
	for i, o := range objs {
		if errs[i] != nil {
			res.InputErrors = append(res.InputErrors, InputError{Origin: o.origin, Object: &o.ref, Kind: o.ref.Kind, Message: "cannot be read by the inventory checks: " + errs[i].Error()})
			continue
		}
		out = append(out, o)
	}
	return out
}

// LastApplied is the annotation kubectl apply leaves: a second copy of the
// whole object as applied, values included (a ConfigMap's, a Secret's).
// Nothing kubeassay keeps of an object holds it.
const LastApplied = "kubectl.kubernetes.io/last-applied-configuration"

// WithoutAppliedCopy returns meta (an object's metadata) less the
// LastApplied annotation, and with each managedFields entry reduced to its
// manager and operation (who wrote the object, not which fields: the
// fields are often most of an object read from a cluster), copying only
// what it changes: meta itself when it holds neither.
func WithoutAppliedCopy(meta map[string]any) map[string]any {
	ann, _ := meta["annotations"].(map[string]any)
	_, hasApplied := ann[LastApplied]
	managed, hasManaged := meta["managedFields"]
	if !hasApplied && !hasManaged {
		return meta
	}
	m := make(map[string]any, len(meta))
	for k, v := range meta {
		if k != "managedFields" {
			m[k] = v
		}
	}
	if entries, ok := managed.([]any); ok {
		mf := make([]any, 0, len(entries))
		for _, e := range entries {
			entry, _ := e.(map[string]any)
			kept := map[string]any{}
			for _, k := range []string{"manager", "operation"} {
				if v, ok := entry[k].(string); ok && v != "" {
					kept[k] = v
				}
			}
			mf = append(mf, kept)
		}
		m["managedFields"] = mf
	}
	if hasApplied {
		a := make(map[string]any, len(ann))
		for k, v := range ann {
			if k != LastApplied {
				a[k] = v
			}
		}
		m["annotations"] = a
	}
	return m
}

// keepForInventory returns what is kept of an object for the inventory
// checks, without changing obj: the object less the fields of
// metadata.managedFields (its managers are kept), the last-applied
// annotation and status; a workload's pod template less its
// containers and other fields no inventory check reads (inventoryPodFields
// are kept); a ConfigMap's data and binaryData with every value replaced by
// "" (empty) or "<set>", so that keys stay visible and values do not.
func keepForInventory(gk GroupKind, obj map[string]any) map[string]any {
	out := make(map[string]any, len(obj))
	for k, v := range obj {
		if k != "status" {
			out[k] = v
		}
	}
	if meta, ok := obj["metadata"].(map[string]any); ok {
		m := WithoutAppliedCopy(meta)
		// An object named only by generateName (a manifest: the API
		// server adds the suffix) is named by it, as the report names it:
		// the checks build their findings from metadata.name, and without
		// one they would build none.
		if name, _ := m["name"].(string); name == "" {
			if gen, _ := m["generateName"].(string); gen != "" {
				m = maps.Clone(m)
				m["name"] = gen
			}
		}
		out["metadata"] = m
	}
	switch {
	case IsWorkload(gk):
		out = withoutContainers(out, templatePaths[gk.Kind])
	case gk == (GroupKind{"", "ConfigMap"}):
		for _, field := range []string{"data", "binaryData"} {
			if d, ok := out[field].(map[string]any); ok {
				masked := make(map[string]any, len(d))
				for k, v := range d {
					masked[k] = "<set>"
					if v == "" || v == nil {
						masked[k] = ""
					}
				}
				out[field] = masked
			}
		}
	}
	return out
}

// inventoryPodFields are the fields of a pod spec the inventory checks see:
// who the pod runs as towards the API, what it mounts, where and how it is
// placed on the host. Containers are judged by the pod checks.
var inventoryPodFields = []string{
	"serviceAccountName", "serviceAccount", "automountServiceAccountToken", "volumes",
	"nodeName", "hostNetwork", "hostPID", "hostIPC", "priorityClassName",
}

// withoutContainers copies the maps along path (the pod template's place in
// the object) and drops the containers of the spec it ends at.
func withoutContainers(obj map[string]any, path []string) map[string]any {
	if len(path) == 0 {
		spec, ok := obj["spec"].(map[string]any)
		if !ok {
			return obj
		}
		s := make(map[string]any, len(inventoryPodFields))
		for _, k := range inventoryPodFields {
			if v, ok := spec[k]; ok {
				s[k] = v
			}
		}
		obj["spec"] = s
		return obj
	}
	next, ok := obj[path[0]].(map[string]any)
	if !ok {
		return obj
	}
	c := make(map[string]any, len(next))
	for k, v := range next {
		c[k] = v
	}
	obj[path[0]] = withoutContainers(c, path[1:])
	return obj
}

// inventoryInput builds one check's input from the kept objects (sorted),
// out of the values converted once per object. It returns the input and how
// many objects of the check's kinds it holds.
func inventoryInput(ch *Check, objs []inventoryObject) (ast.Value, int) {
	lists := make(map[GroupKind][]*ast.Term, len(ch.Kinds))
	for _, k := range ch.Kinds {
		lists[k] = []*ast.Term{}
	}
	byNS := map[string]map[string][]*ast.Term{}
	var namespaces []string
	n := 0
	for _, o := range objs {
		if _, ok := lists[o.gk]; !ok {
			if !ch.EveryKind || !FromAPI(o.gk) || (o.ref.Namespace == "" && clusterScoped(o.gk)) {
				continue
			}
			lists[o.gk] = []*ast.Term{}
		}
		if !reads(ch, o) {
			continue
		}
		n++
		t := ast.NewTerm(o.val)
		lists[o.gk] = append(lists[o.gk], t)
		if o.ref.Namespace != "" || !clusterScoped(o.gk) {
			if byNS[o.ref.Namespace] == nil {
				byNS[o.ref.Namespace] = map[string][]*ast.Term{}
			}
			name := o.gk.String()
			byNS[o.ref.Namespace][name] = append(byNS[o.ref.Namespace][name], t)
		}
		if o.gk == (GroupKind{"", "Namespace"}) {
			namespaces = append(namespaces, o.ref.Name)
		}
	}
	objects := ast.NewObject()
	for k, l := range lists {
		objects.Insert(ast.StringTerm(k.String()), ast.ArrayTerm(l...))
	}
	by := ast.NewObject()
	for ns, kinds := range byNS {
		m := ast.NewObject()
		for k, l := range kinds {
			m.Insert(ast.StringTerm(k), ast.ArrayTerm(l...))
		}
		by.Insert(ast.StringTerm(ns), ast.NewTerm(m))
	}
	slices.Sort(namespaces)
	namespaces = slices.Compact(namespaces)
	names := make([]*ast.Term, len(namespaces))
	for i, ns := range namespaces {
		names[i] = ast.StringTerm(ns)
	}
	return ast.NewObject(
		ast.Item(ast.StringTerm("objects"), ast.NewTerm(objects)),
		ast.Item(ast.StringTerm("by_namespace"), ast.NewTerm(by)),
		ast.Item(ast.StringTerm("namespaces"), ast.ArrayTerm(names...)),
	), n
}

// clusterScoped reports whether the objects of a kind have no namespace:
// Namespace and NodeFacts, and the built-in cluster-scoped resources the RBAC
// resolver knows (nodes, ClusterRoles, webhook configurations, ...). Their
// objects are not filed under input.by_namespace[""].
// MayBeNamespaced reports whether objects of a kind, named as GroupKind.String
// or a document names it, may be in a namespace: false for the kinds known
// to be cluster-scoped and those no API server serves (NodeFacts); true for
// every other name, including one that names no kind known here.
func MayBeNamespaced(name string) bool {
	gk, err := ParseKind(name)
	return err != nil || (FromAPI(gk) && !clusterScoped(gk))
}

func clusterScoped(gk GroupKind) bool {
	if gk == (GroupKind{"", "Namespace"}) || gk.Group == KubeassayGroup || clusterWideCustom[gk] {
		return true
	}
	res, ok := Resource(gk)
	return ok && rbac.IsClusterScoped(gk.Group, res)
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
	tags := map[ObjectRef]*Tags{}
	for _, o := range objs {
		if _, ok := origins[o.ref]; !ok {
			origins[o.ref] = o.origin
			if o.tags != nil {
				tags[o.ref] = o.tags
			}
		}
	}
	// The checks are evaluated on all cores, each on its own input; their
	// verdicts are merged below in the checks' order, so the result does
	// not depend on which finished first.
	type evaluation struct {
		n       int
		skipped bool // nothing of its kinds was read: not evaluated
		rbac    bool
		v       verdict
	}
	evals := make([]evaluation, len(e.inventory))
	rv := sync.OnceValue(func() *rbacView { return newRBACView(objs) }) // built once, for the first check that asks
	// The checks over the most objects start first, so that the longest
	// one does not start last and leave the other cores idle.
	order := make([]int, len(e.inventory))
	size := make([]int, len(e.inventory))
	for i, ic := range e.inventory {
		order[i], size[i] = i, readOfKinds(res.Objects, ic.check.Kinds)
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(size[b], size[a]) })
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for range min(e.workers, len(e.inventory)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := int(next.Add(1) - 1); k < len(order); k = int(next.Add(1) - 1) {
				i := order[k]
				ic := e.inventory[i]
				input, n := inventoryInput(ic.check, objs)
				// A check limited to some namespaces, or to objects no controller
				// owns, has judged the others too: they are outside what it
				// looks for (no workload in kube-system is a pass).
				if total := readOfKinds(res.Objects, ic.check.Kinds); total > n && (len(ic.check.Namespaces) > 0 || ic.check.SkipOwned) {
					n = total
				}
				ev := &evals[i]
				ev.n = n
				if n == 0 {
					// No object of its kinds was read: nothing to judge, and
					// the control is SKIP saying so (or ERROR, when a kind or
					// a document of its kinds could not be read).
					ev.skipped = true
					continue
				}
				e.inventoryEvals.Add(1)
				qctx := ctx
				if ev.rbac = usesRBAC(ic.check); ev.rbac {
					qctx = withRBAC(ctx, rv())
				}
				ev.v = ic.q.eval(qctx, input)
			}
		}()
	}
	wg.Wait()
	var out []ObjectFinding
	for i, ic := range e.inventory {
		ev := evals[i]
		if ev.skipped {
			continue
		}
		id, n, v, rbacUser := ic.check.ID, ev.n, ev.v, ev.rbac
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
			out = append(out, ObjectFinding{Finding: f, Object: ref, Origin: origins[ref], Tags: tags[ref]})
		}
		undecided := false
		if reason, ok := v.unknowns[id]; ok {
			// The reason names what could not be decided: the check
			// looked at the inventory as a whole, not at one object.
			res.Unknown[id] = append(res.Unknown[id], Unknown{Reason: reason})
			undecided = true
		}
		if rbacUser {
			// What the RBAC objects grant is not all known.
			for _, p := range rv().problems {
				res.Unknown[id] = append(res.Unknown[id], Unknown{Reason: p})
				undecided = true
			}
		}
		if undecided {
			continue
		}
		res.Evaluated[id] = n
	}
	return out
}

// readOfKinds counts the objects of kinds that were read (counts keyed by
// GroupKind.String, as Result.Objects is).
func readOfKinds(counts map[string]int, kinds []GroupKind) int {
	n := 0
	for _, k := range kinds {
		n += counts[k.String()]
	}
	return n
}
