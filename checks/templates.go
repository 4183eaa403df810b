package checks

import (
	"context"
	"maps"
	"slices"
	"sync"
)

// templateVerdict is the cache entry of one distinct pod template. The
// first worker to meet a template stores the entry and evaluates it; a
// worker that meets the same template meanwhile (a Deployment's ReplicaSet
// and pods follow it in a dump) takes the entry and moves on to its next
// document instead of evaluating the template again. Run waits for done
// before it reads v.
type templateVerdict struct {
	done chan struct{}
	v    *verdict
}

// sharedVerdict returns the entry of key in cache and whether this call
// made it: the first caller stores a pending entry, fills it with eval and
// closes it; every other caller gets that entry, which may still be
// pending (wait on done before reading v).
func sharedVerdict(cache *sync.Map, key uint64, eval func() *verdict) (_ *templateVerdict, made bool) {
	if cached, ok := cache.Load(key); ok {
		return cached.(*templateVerdict), false
	}
	tv := &templateVerdict{done: make(chan struct{})}
	if cached, loaded := cache.LoadOrStore(key, tv); loaded {
		return cached.(*templateVerdict), false
	}
	tv.v = eval()
	close(tv.done)
	return tv, true
}

// templateVerdict evaluates a template met for the first time: its shape's
// verdict with its own names put back, the shape evaluated first when it is
// new (evaluated is then true). A worker that meets a shape another is
// evaluating waits for it: that is rare (the templates of one shape are
// seldom next to each other), and cheaper than evaluating it twice.
func (e *Engine) templateVerdict(ctx context.Context, pod map[string]any, shapes *sync.Map) (_ *verdict, evaluated bool) {
	v, evaluated := e.shapeVerdict(ctx, pod, shapes)
	if e.ownPod == nil {
		return v, evaluated
	}
	return joinVerdicts(v, e.evalValue(ctx, e.ownPod, pod)), evaluated
}

// joinVerdicts returns a new verdict holding a's and b's, which judged
// different checks: a may be a shape's, shared by other templates.
func joinVerdicts(a, b *verdict) *verdict {
	out := &verdict{resource: a.resource, findings: slices.Concat(a.findings, b.findings)}
	join := func(x, y map[string]string) map[string]string {
		if len(x) == 0 && len(y) == 0 {
			return nil
		}
		m := make(map[string]string, len(x)+len(y))
		maps.Copy(m, x)
		maps.Copy(m, y)
		return m
	}
	out.skips = join(a.skips, b.skips)
	out.unknowns = join(a.unknowns, b.unknowns)
	out.errs = join(a.errs, b.errs)
	return out
}

// shapeVerdict is the built-in pod checks' verdict of a template: its
// shape's, with the template's names put back.
func (e *Engine) shapeVerdict(ctx context.Context, pod map[string]any, shapes *sync.Map) (_ *verdict, evaluated bool) {
	var shaped map[string]any
	var names names
	ok := false
	if e.placeholders != nil {
		shaped, names, ok = e.placeholders.shape(pod)
	}
	if !ok {
		e.podEvals.Add(1)
		return e.evalValue(ctx, e.pod, pod), true
	}
	sv, made := sharedVerdict(shapes, hashValue(shaped), func() *verdict {
		e.podEvals.Add(1)
		return e.evalValue(ctx, e.pod, shaped)
	})
	<-sv.done
	return names.restore(sv.v), made
}
