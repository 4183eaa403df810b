package checks

import (
	"context"
	"errors"
	"os"
	"strconv"
	"sync"
	"testing"

	json "github.com/goccy/go-json"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/kubeassay/kubeassay/dev/perf/gen"
)

// samplePods returns n generated pods, as the engine would see them.
func samplePods(b *testing.B, n int) []map[string]any {
	b.Helper()
	var pods []map[string]any
	stop := errors.New("stop")
	err := gen.New(7).Generate(1<<30, func(o gen.Object) error {
		if o["kind"] != "Pod" {
			return nil
		}
		meta, spec, _ := podTemplate(o)
		pods = append(pods, normalizeTemplate(meta, spec))
		if len(pods) == n {
			return stop
		}
		return nil
	})
	if err != nil && err != stop {
		b.Fatal(err)
	}
	return pods
}

// sampleValues returns n generated pods as the engine's queries get them.
func sampleValues(b *testing.B, n int) []ast.Value {
	b.Helper()
	pods := samplePods(b, n)
	vals := make([]ast.Value, len(pods))
	for i, p := range pods {
		v, err := ast.InterfaceToValue(p)
		if err != nil {
			b.Fatal(err)
		}
		vals[i] = v
	}
	return vals
}

// BenchmarkEvalPodChecks measures one evaluation of every pod check on one
// template: the cost the engine pays per distinct pod template.
func BenchmarkEvalPodChecks(b *testing.B) {
	cat, err := LoadCatalog(policiesFS)
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	for _, ch := range cat.Checks {
		ids = append(ids, ch.ID)
	}
	eng, err := NewEngine(context.Background(), cat, ids, Options{Workers: 1})
	if err != nil {
		b.Fatal(err)
	}
	vals := sampleValues(b, 64)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v := eng.pod.eval(context.Background(), vals[i%len(vals)])
		if len(v.errs) > 0 {
			b.Fatal(v.errs)
		}
	}
}

// BenchmarkEvalEachPodCheck measures each pod check alone.
func BenchmarkEvalEachPodCheck(b *testing.B) {
	cat, err := LoadCatalog(policiesFS)
	if err != nil {
		b.Fatal(err)
	}
	vals := sampleValues(b, 64)
	for _, ch := range cat.Checks {
		if ch.Subject != SubjectPod {
			continue
		}
		b.Run(ch.ID, func(b *testing.B) {
			q, err := prepareQuery(context.Background(), cat.compiler, []*Check{ch})
			if err != nil {
				b.Fatal(err)
			}
			for i := 0; i < b.N; i++ {
				q.eval(context.Background(), vals[i%len(vals)])
			}
		})
	}
}

// BenchmarkEvalEachInventoryCheck measures each inventory check alone on
// the inventory of 20,000 generated objects (the scale run's population:
// RBAC, namespaces, NetworkPolicies, quotas, workloads; KUBEASSAY_BENCH_OBJECTS
// sets another count), kept and converted as a scan keeps them: the cost one
// more inventory check adds to a scan of that size, building its input
// included.
func BenchmarkEvalEachInventoryCheck(b *testing.B) {
	cat, err := LoadCatalog(policiesFS)
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	for _, ch := range cat.Checks {
		if ch.Subject == SubjectInventory {
			ids = append(ids, ch.ID)
		}
	}
	eng, err := NewEngine(context.Background(), cat, ids, Options{Workers: 1})
	if err != nil {
		b.Fatal(err)
	}
	var objs []inventoryObject
	var cache, shapes sync.Map
	n := 20000
	if s := os.Getenv("KUBEASSAY_BENCH_OBJECTS"); s != "" {
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatalf("KUBEASSAY_BENCH_OBJECTS: %v", err)
		}
	}
	err = gen.New(7).Generate(n, func(o gen.Object) error {
		data, err := json.Marshal(o)
		if err != nil {
			return err
		}
		out := eng.judge(context.Background(), Document{JSON: data}, &cache, &shapes)
		if out.inputErr != nil {
			return errors.New(out.inputErr.String())
		}
		if out.inv != nil && out.inv.err == nil {
			objs = append(objs, inventoryObject{ref: out.obj.ref, gk: out.obj.gk, data: out.inv.data, owned: out.obj.controlledByWorkload()})
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	var res Result
	if objs = eng.toValues(objs, &res); len(res.InputErrors) > 0 {
		b.Fatal(res.InputErrors)
	}
	rv := newRBACView(objs)
	for _, ic := range eng.inventory {
		b.Run(ic.check.ID, func(b *testing.B) {
			ctx := context.Background()
			if usesRBAC(ic.check) {
				ctx = withRBAC(ctx, rv)
			}
			for i := 0; i < b.N; i++ {
				input, _ := inventoryInput(ic.check, objs)
				if v := ic.q.eval(ctx, input); len(v.errs) > 0 {
					b.Fatal(v.errs)
				}
			}
		})
	}
}
