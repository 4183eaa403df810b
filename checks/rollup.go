package checks

import (
	"cmp"
	"slices"
	"sort"
	"strings"
)

// ObjectFinding is a finding reported against one object.
type ObjectFinding struct {
	Finding
	Object ObjectRef
	Origin Origin
	// AffectedPods counts the pods, owned by Object, that have the same
	// finding and are reported through it.
	AffectedPods int
	// Tags are Object's labels (with Options.KeepLabels) and waiver
	// annotations; nil when it has none of them.
	Tags *Tags
}

// maxOwnerDepth bounds the owner chain (Pod -> ReplicaSet -> Deployment is 2).
const maxOwnerDepth = 8

// rollUp reports each object's findings through its top-level owner when that
// owner is in the input and has the same finding (same check, message and
// path within the pod template). A finding the owner does not have, such as
// one from a sidecar a webhook injected, stays with the object itself.
func rollUp(objects []*object) []ObjectFinding {
	byUID := make(map[string]*object, len(objects))
	for _, o := range objects {
		if o.uid != "" {
			byUID[o.uid] = o
		}
	}
	// byName is for owners named without a uid (hand-written manifests),
	// built on first use: dumps from a cluster never need it.
	var byName map[string]*object
	lookupName := func(kind, ns, name string) *object {
		if byName == nil {
			byName = make(map[string]*object, len(objects))
			for _, o := range objects {
				byName[nameKey(o.ref.Kind, o.ref.Namespace, o.ref.Name)] = o
			}
		}
		return byName[nameKey(kind, ns, name)]
	}
	owner := func(o *object) *object {
		if o.owner == nil {
			return nil
		}
		if o.owner.UID != "" {
			if p, ok := byUID[o.owner.UID]; ok {
				return p
			}
			if o.uid != "" {
				// Both sides carry UIDs and none matches: a different
				// object of the same name (recreated since).
				return nil
			}
		}
		return lookupName(o.owner.Kind, o.ref.Namespace, o.owner.Name)
	}
	top := func(o *object) *object {
		cur := o
		for range maxOwnerDepth {
			p := owner(cur)
			if p == nil || p == o {
				break
			}
			cur = p
		}
		return cur
	}

	type key struct {
		check   string
		warn    bool
		message string
		path    string
	}
	// A key compares findings across kinds: pod findings by their path
	// within the template, object findings by their full path.
	keyOf := func(f Finding) key { return key{f.CheckID, f.Warn, f.Message, f.Path} }

	// Owners first, so that their findings are in place for their children.
	slices.SortFunc(objects, func(a, b *object) int {
		return cmp.Or(
			strings.Compare(a.ref.Kind, b.ref.Kind),
			strings.Compare(a.ref.Namespace, b.ref.Namespace),
			strings.Compare(a.ref.Name, b.ref.Name),
			// The same object twice in the input: in input order, not
			// in the order the workers finished.
			strings.Compare(a.origin.File, b.origin.File),
			cmp.Compare(a.origin.Document, b.origin.Document),
			cmp.Compare(itemIndex(a.origin), itemIndex(b.origin)),
		)
	})
	owned := map[*object]*object{}
	var roots, children []*object
	for _, o := range objects {
		if t := top(o); t != o {
			owned[o] = t
			children = append(children, o)
		} else {
			roots = append(roots, o)
		}
	}
	var out []ObjectFinding
	index := map[*object]map[key]int{}
	// add reports f against o; rel says its path is relative to o's pod
	// template.
	add := func(o *object, f Finding, rel bool) {
		k := keyOf(f)
		if rel {
			f.Path = templatePrefix(o.ref.Kind) + f.Path
		}
		out = append(out, ObjectFinding{Finding: f, Object: o.ref, Origin: o.origin, Tags: o.tags})
		if index[o] == nil {
			index[o] = map[key]int{}
		}
		index[o][k] = len(out) - 1
	}
	each := func(o *object, fn func(f Finding, rel bool)) {
		if o.pod != nil {
			for _, f := range o.pod.findings {
				fn(f, true)
			}
		}
		for _, f := range o.findings {
			fn(f, false)
		}
	}
	for _, o := range roots {
		if !o.hasFindings() {
			continue
		}
		each(o, func(f Finding, rel bool) { add(o, f, rel) })
	}
	for _, o := range children {
		if !o.hasFindings() {
			continue
		}
		t := owned[o]
		each(o, func(f Finding, rel bool) {
			if i, ok := index[t][keyOf(f)]; ok {
				if o.ref.Kind == "Pod" {
					out[i].AffectedPods++
				}
				return
			}
			add(o, f, rel)
		})
	}
	sortObjectFindings(out)
	return out
}

// sortObjectFindings orders findings by check, namespace, kind, name, path
// and message.
func sortObjectFindings(out []ObjectFinding) {
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.CheckID != b.CheckID {
			return a.CheckID < b.CheckID
		}
		if a.Object.Namespace != b.Object.Namespace {
			return a.Object.Namespace < b.Object.Namespace
		}
		if a.Object.Kind != b.Object.Kind {
			return a.Object.Kind < b.Object.Kind
		}
		if a.Object.Name != b.Object.Name {
			return a.Object.Name < b.Object.Name
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Message < b.Message
	})
}

func nameKey(kind, ns, name string) string { return kind + "\x00" + ns + "\x00" + name }

// itemIndex is an origin's index in its List, or -1.
func itemIndex(o Origin) int {
	if o.Item == nil {
		return -1
	}
	return *o.Item
}
