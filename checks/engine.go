package checks

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
	"sigs.k8s.io/yaml"
)

// Engine evaluates objects against a chosen set of checks. It is built once
// per run: every query is compiled and prepared up front, and Run may use
// all cores.
type Engine struct {
	checks []*Check
	pod    *query // the pod checks, nil when none is selected
	// ownPod holds the pod checks of policy directories when pod holds
	// built-in ones and the placeholders are in use: the placeholders are
	// proved only for the built-in checks (a user check may read an image
	// or a label), so ownPod judges every distinct template as it is while
	// pod still judges one per shape. Nil otherwise.
	ownPod  *query
	objects map[GroupKind]*query // the object checks, by kind
	// judges lists, by kind, the checks that judge an object of that kind.
	// Kinds are matched by group and name (see ObjectKind): an object
	// whose kind name matches but whose group does not is of another kind.
	judges map[GroupKind][]string
	// perObject is judges less the inventory checks: the checks whose
	// verdicts are counted object by object as documents are read.
	perObject map[GroupKind][]string
	// inventory holds the inventory checks, evaluated once after every
	// document was read, and inventoryKinds the kinds whose objects they
	// need kept until then.
	inventory      []*inventoryCheck
	inventoryKinds map[GroupKind]bool
	inventoryScope inventoryScope
	// everyKind is the scope of the checks of every namespaced kind
	// (Check.EveryKind); nil when none is selected.
	everyKind *kindScope
	workers   int
	// keepLabels is Options.KeepLabels.
	keepLabels bool
	// strings holds the strings of the objects kept for the inventory
	// checks (keptvalue.go).
	strings *stringTable
	// placeholders, when set, lets templates that differ only in the
	// names the pod checks print share one evaluation (placeholders.go).
	placeholders *placeholders
	// podEvals counts evaluations of the pod query, for tests: it should
	// equal the number of distinct template shapes.
	podEvals atomic.Int64
	// inventoryEvals counts evaluations of inventory checks, for tests:
	// one per check and run.
	inventoryEvals atomic.Int64
}

// Options tune an Engine.
type Options struct {
	// Workers is how many objects are evaluated at once; 0 means GOMAXPROCS.
	Workers int
	// EveryTemplate evaluates every distinct pod template itself, instead
	// of once per shape (templates that differ only in the names of the
	// catalogue's placeholders): slower, for comparing the two.
	EveryTemplate bool
	// KeepLabels keeps each object's labels, for findings to carry
	// (ObjectFinding.Tags): waivers that select objects by label need them.
	KeepLabels bool
}

// NewEngine prepares the queries for the checks with the given ids.
func NewEngine(ctx context.Context, cat *Catalog, ids []string, opts Options) (*Engine, error) {
	e := &Engine{strings: &stringTable{}, objects: map[GroupKind]*query{}, judges: map[GroupKind][]string{}, perObject: map[GroupKind][]string{},
		inventoryKinds: map[GroupKind]bool{}, inventoryScope: inventoryScope{}, workers: opts.Workers, keepLabels: opts.KeepLabels}
	if !opts.EveryTemplate {
		e.placeholders = cat.placeholders
	}
	if e.workers <= 0 {
		e.workers = runtime.GOMAXPROCS(0)
	}
	var podChecks []*Check
	objectChecks := map[GroupKind][]*Check{}
	seen := map[string]bool{}
	for _, id := range ids {
		ch, ok := cat.Check(id)
		if !ok {
			return nil, fmt.Errorf("unknown check %q", id)
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		e.checks = append(e.checks, ch)
		for _, k := range ch.Kinds {
			e.judges[k] = append(e.judges[k], ch.ID)
		}
		if ch.Subject == SubjectInventory {
			q, err := prepareQuery(ctx, cat.compiler, []*Check{ch})
			if err != nil {
				return nil, fmt.Errorf("prepare inventory check %s: %w", ch.ID, err)
			}
			q.resource = true
			e.inventory = append(e.inventory, &inventoryCheck{check: ch, q: q})
			for _, k := range ch.Kinds {
				e.inventoryKinds[k] = true
				e.inventoryScope.add(k, ch)
			}
			if ch.EveryKind {
				if e.everyKind == nil {
					e.everyKind = &kindScope{namespaces: map[string]bool{}}
				}
				e.everyKind.owned = e.everyKind.owned || !ch.SkipOwned
				for _, ns := range ch.Namespaces {
					e.everyKind.namespaces[ns] = true
				}
			}
			continue
		}
		for _, k := range ch.Kinds {
			e.perObject[k] = append(e.perObject[k], ch.ID)
		}
		if ch.Subject == SubjectPod {
			podChecks = append(podChecks, ch)
			continue
		}
		for _, k := range ch.Kinds {
			objectChecks[k] = append(objectChecks[k], ch)
		}
	}
	// The placeholders name the fields of a pod template that no built-in
	// pod check reads but to print it (the metamorphic test proves it of
	// them): a pod check of a policy directory may read one (an image, a
	// label), so those judge every template as it is, in a query of their
	// own when built-in pod checks share the shapes.
	var builtinPod, ownPod []*Check
	for _, ch := range podChecks {
		if ch.PolicyDir != "" {
			ownPod = append(ownPod, ch)
		} else {
			builtinPod = append(builtinPod, ch)
		}
	}
	if len(builtinPod) == 0 || len(ownPod) == 0 || e.placeholders == nil {
		if len(ownPod) > 0 {
			e.placeholders = nil
		}
		builtinPod, ownPod = podChecks, nil
	}
	var err error
	if len(builtinPod) > 0 {
		if e.pod, err = prepareQuery(ctx, cat.compiler, builtinPod); err != nil {
			return nil, fmt.Errorf("prepare pod checks: %w", err)
		}
	}
	if len(ownPod) > 0 {
		if e.ownPod, err = prepareQuery(ctx, cat.compiler, ownPod); err != nil {
			return nil, fmt.Errorf("prepare pod checks: %w", err)
		}
	}
	for kind, chs := range objectChecks {
		if e.objects[kind], err = prepareQuery(ctx, cat.compiler, chs); err != nil {
			return nil, fmt.Errorf("prepare checks for %s: %w", kind, err)
		}
	}
	return e, nil
}

// keepsEveryKind reports whether a check of every namespaced kind reads o:
// an object of the API in one of its namespaces, or one that names no
// namespace and is not of a kind known to be cluster-scoped.
func (e *Engine) keepsEveryKind(o *object) bool {
	s := e.everyKind
	if s == nil || !FromAPI(o.gk) || (o.controlledByWorkload() && !s.owned) {
		return false
	}
	if o.ref.Namespace == "" {
		return !clusterScoped(o.gk)
	}
	return s.namespaces[o.ref.Namespace]
}

// EveryKindNamespaces lists, sorted, the namespaces whose objects of every
// kind some selected check reads: a cluster source lists every namespaced
// kind it serves there, besides Kinds.
func (e *Engine) EveryKindNamespaces() []string {
	if e.everyKind == nil {
		return nil
	}
	out := make([]string, 0, len(e.everyKind.namespaces))
	for ns := range e.everyKind.namespaces {
		out = append(out, ns)
	}
	slices.Sort(out)
	return out
}

// Checks returns the checks the engine evaluates.
func (e *Engine) Checks() []*Check { return e.checks }

// Kinds lists, sorted by name, the kinds some selected check judges.
func (e *Engine) Kinds() []GroupKind {
	kinds := make([]GroupKind, 0, len(e.judges))
	for k := range e.judges {
		kinds = append(kinds, k)
	}
	sortKinds(kinds)
	return kinds
}

// Judges reports whether some selected check judges objects of gk (as
// ObjectKind gives it from an object's apiVersion and kind): any kind not
// known to be cluster-scoped when a check of every namespaced kind is
// selected (the engine then keeps those of its namespaces).
func (e *Engine) Judges(gk GroupKind) bool {
	return len(e.judges[gk]) > 0 || (e.everyKind != nil && FromAPI(gk) && !clusterScoped(gk))
}

// Result is what a run found.
type Result struct {
	// Objects counts the documents read, by kind name (GroupKind.String:
	// Deployment, NetworkPolicy.crd.projectcalico.org).
	Objects map[string]int
	// Evaluated counts, per check, the objects it judged.
	Evaluated map[string]int
	// Skipped counts, per check and reason, the objects of its kinds that
	// it did not judge because its skip rule said so.
	Skipped map[string]map[string]int
	// Unknown lists, per check, the objects it could not decide because
	// data it needs is missing or unreadable, with the reason.
	Unknown map[string][]Unknown
	// Templates is how many distinct pod templates were judged, and
	// Shapes how many evaluations that took: templates that differ only
	// in the names the checks print share one.
	Templates, Shapes int
	// Findings are the faults found, rolled up to top-level owners.
	Findings []ObjectFinding
	// CheckErrors holds, per check, the distinct errors it raised.
	CheckErrors map[string][]string
	// InputErrors lists the documents that were skipped.
	InputErrors []InputError
	// Annotated lists the objects read that carry waiver annotations
	// (WaivePrefix), in the order read: only Object, Origin and Tags are
	// set.
	Annotated []ObjectFinding
}

// Unknown is an object a check could not decide, and why. For an inventory
// check, which judges the objects as a whole, Object is empty and Reason
// names what could not be decided.
type Unknown struct {
	Object ObjectRef
	Origin Origin
	Reason string
}

// Progress receives the running count of documents processed.
type Progress func(done int64)

// object is what the engine keeps of one judged object. The findings of its
// pod template are not copied per object: pod points at the verdict that
// every object sharing the template shares, with paths relative to the
// template.
type object struct {
	ref      ObjectRef
	gk       GroupKind // from ref's apiVersion and kind
	uid      string
	owner    *ownerRef
	origin   Origin
	tags     *Tags // nil when the object has neither kept labels nor waiver annotations
	pod      *verdict
	findings []Finding // from object checks, with full paths
}

// hasFindings reports whether the object has any finding.
func (o *object) hasFindings() bool {
	return len(o.findings) > 0 || (o.pod != nil && len(o.pod.findings) > 0)
}

type ownerRef struct {
	Kind, Name, UID string
	// Workload is set when the controller is a workload kind (a
	// ReplicaSet, Deployment, Job, ...), which inventory checks judge in
	// place of what it owns. An object controlled by anything else (an
	// operator's StrimziPodSet, a Volcano Job) is judged itself.
	Workload bool
}

// controlledByWorkload reports whether o's controller is a workload kind.
func (o *object) controlledByWorkload() bool { return o.owner != nil && o.owner.Workload }

type outcome struct {
	obj      *object
	inputErr *InputError
	// tmpl is the verdict of the object's pod template, shared with every
	// object that has the same template; it may still be being evaluated.
	tmpl     *templateVerdict
	newShape bool              // tmpl was the first of its shape, evaluated for it
	inv      *keptObject       // the object, kept for the inventory checks
	errs     map[string]string // from object checks; pod checks' are in tmpl
	skips    map[string]string // from object checks; pod checks' are in tmpl
	unknowns map[string]string // from object checks; pod checks' are in tmpl
	newTmpl  bool
}

// Run evaluates every document from docs until the channel closes or ctx is
// done. Documents that cannot be judged are recorded in InputErrors; a check
// that fails to evaluate is recorded in CheckErrors; the run goes on.
func (e *Engine) Run(ctx context.Context, docs <-chan Document, progress Progress) (*Result, error) {
	// Both caches map a uint64 hash to a *templateVerdict, with paths
	// relative to the template: cache of each distinct template, shapes
	// of each shape, with placeholders in place of names.
	var cache, shapes sync.Map
	outcomes := make(chan outcome, 256)
	var wg sync.WaitGroup
	for range e.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range docs {
				if ctx.Err() != nil {
					continue // drain
				}
				outcomes <- e.judge(ctx, d, &cache, &shapes)
			}
		}()
	}
	go func() { wg.Wait(); close(outcomes) }()

	res := &Result{Objects: map[string]int{}, Evaluated: map[string]int{}, Skipped: map[string]map[string]int{}, Unknown: map[string][]Unknown{}, CheckErrors: map[string][]string{}}
	var objects []*object
	var done atomic.Int64
	names := map[GroupKind]string{} // GroupKind.String, once per kind
	var inv []inventoryObject
	for o := range outcomes {
		n := done.Add(1)
		if progress != nil && n%1000 == 0 {
			progress(n)
		}
		if o.inputErr != nil {
			res.InputErrors = append(res.InputErrors, *o.inputErr)
			continue
		}
		if o.newTmpl {
			res.Templates++
		}
		if o.newShape {
			res.Shapes++
		}
		var podErrs map[string]string
		if o.tmpl != nil {
			<-o.tmpl.done
			o.obj.pod = o.tmpl.v
			podErrs = o.tmpl.v.errs
		}
		name, ok := names[o.obj.gk]
		if !ok {
			name = o.obj.gk.String()
			names[o.obj.gk] = name
		}
		res.Objects[name]++
		if t := o.obj.tags; t != nil && t.Waive != nil {
			res.Annotated = append(res.Annotated, ObjectFinding{Object: o.obj.ref, Origin: o.obj.origin, Tags: t})
		}
		if o.inv != nil {
			if o.inv.err != nil {
				res.InputErrors = append(res.InputErrors, InputError{Origin: o.obj.origin, Object: &o.obj.ref, Kind: o.obj.ref.Kind, Message: "cannot be read by the inventory checks: " + o.inv.err.Error()})
			} else {
				inv = append(inv, inventoryObject{ref: o.obj.ref, gk: o.obj.gk, origin: o.obj.origin, tags: o.obj.tags, data: o.inv.data, owned: o.obj.controlledByWorkload()})
			}
		}
		for _, id := range e.perObject[o.obj.gk] {
			reason, skipped := o.skips[id]
			if !skipped && o.obj.pod != nil {
				reason, skipped = o.obj.pod.skips[id]
			}
			unknown, undecided := o.unknowns[id]
			if !undecided && o.obj.pod != nil {
				unknown, undecided = o.obj.pod.unknowns[id]
			}
			_, failed := o.errs[id]
			if _, podFailed := podErrs[id]; podFailed {
				failed = true
			}
			switch {
			case skipped:
				if res.Skipped[id] == nil {
					res.Skipped[id] = map[string]int{}
				}
				res.Skipped[id][reason]++
			case failed:
			case undecided:
				res.Unknown[id] = append(res.Unknown[id], Unknown{Object: o.obj.ref, Origin: o.obj.origin, Reason: unknown})
			default:
				res.Evaluated[id]++
			}
		}
		for _, errs := range []map[string]string{podErrs, o.errs} {
			for id, msg := range errs {
				if len(res.CheckErrors[id]) < 5 && !slices.Contains(res.CheckErrors[id], msg) {
					res.CheckErrors[id] = append(res.CheckErrors[id], msg)
				}
			}
		}
		// Workloads are kept for the owner roll-up even when clean.
		if o.obj.hasFindings() || IsWorkload(o.obj.gk) {
			objects = append(objects, o.obj)
		}
	}
	if progress != nil {
		progress(done.Load())
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(e.inventory) > 0 {
		inv = e.toValues(inv, res)
	}
	sort.Slice(res.InputErrors, func(i, j int) bool { return res.InputErrors[i].String() < res.InputErrors[j].String() })
	for _, us := range res.Unknown {
		sort.Slice(us, func(i, j int) bool {
			if a, b := us[i].Object.String(), us[j].Object.String(); a != b {
				return a < b
			}
			return us[i].Origin.String() < us[j].Origin.String()
		})
	}
	res.Findings = rollUp(objects)
	if len(e.inventory) > 0 {
		res.Findings = append(res.Findings, e.runInventory(ctx, inv, res)...)
		sortObjectFindings(res.Findings)
	}
	return res, nil
}

// judge decodes and evaluates one document.
func (e *Engine) judge(ctx context.Context, d Document, cache, shapes *sync.Map) outcome {
	if d.Err != nil {
		return outcome{inputErr: &InputError{Origin: d.Origin, Kind: d.Kind, Message: d.Err.Error()}}
	}
	obj := d.Object
	if obj == nil && d.YAML != nil {
		var v any
		if err := yaml.Unmarshal(d.YAML, &v); err != nil {
			return outcome{inputErr: &InputError{Origin: d.Origin, Kind: GuessKind(d.YAML), Message: "invalid YAML: " + err.Error()}}
		}
		m, ok := v.(map[string]any)
		if !ok {
			return outcome{inputErr: &InputError{Origin: d.Origin, Message: fmt.Sprintf("not a Kubernetes object: a %T", v)}}
		}
		obj = m
	}
	if obj == nil {
		var err error
		if obj, err = e.decode(d); err != nil {
			return outcome{inputErr: &InputError{Origin: d.Origin, Kind: cmp.Or(d.Kind, GuessKind(d.JSON)), Message: "not a JSON object: " + err.Error()}}
		}
	}
	o, err := identify(obj, d.Origin, e.keepLabels)
	if err != nil {
		return outcome{inputErr: &InputError{Origin: d.Origin, Object: refOrNil(o), Kind: o.ref.Kind, Message: err.Error()}}
	}
	out := outcome{obj: o}
	kind := o.ref.Kind
	if e.pod != nil && IsWorkload(o.gk) {
		meta, spec, ok := podTemplate(obj)
		if !ok {
			return outcome{inputErr: &InputError{Origin: d.Origin, Object: &o.ref, Kind: kind, Message: "has no pod template (" + templatePrefix(kind) + "spec is missing)"}}
		}
		if msg := containerLists(spec); msg != "" {
			return outcome{inputErr: &InputError{Origin: d.Origin, Object: &o.ref, Kind: kind, Message: templatePrefix(kind) + "spec." + msg}}
		}
		pod := normalizeTemplate(meta, spec)
		out.tmpl, out.newTmpl = sharedVerdict(cache, hashValue(pod), func() *verdict {
			var v *verdict
			v, out.newShape = e.templateVerdict(ctx, pod, shapes)
			return v
		})
	}
	if q := e.objects[o.gk]; q != nil {
		v := e.evalValue(ctx, q, obj)
		o.findings = append(o.findings, v.findings...)
		out.skips = v.skips
		out.unknowns = v.unknowns
		out.errs = v.errs
	}
	if (len(e.inventoryKinds) > 0 && e.inventoryScope.keeps(o.gk, o.ref.Namespace, o.controlledByWorkload())) || e.keepsEveryKind(o) {
		out.inv = keep(o.gk, obj)
	}
	return out
}

func (e *Engine) evalValue(ctx context.Context, q *query, doc map[string]any) *verdict {
	val, err := ast.InterfaceToValue(doc)
	if err != nil {
		v := &verdict{}
		for _, ch := range q.checks {
			v.addErr(ch.ID, "convert input: "+err.Error())
		}
		return v
	}
	v := q.eval(ctx, val)
	return &v
}
