package checks

import (
	"fmt"
	"sort"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/util"
)

// The inventory library's readers of objects by kind, and which of their
// arguments names the kind.
var kindReaders = map[string]int{
	"data.kubeassay.lib.inventory.objects":      0,
	"data.kubeassay.lib.inventory.in_namespace": 1,
}

// kindRead is a kind named in Rego where the engine looks it up, and where.
type kindRead struct {
	kind string
	loc  *ast.Location
}

// undeclaredReads checks that every kind an inventory check reads by name,
// in its own rules or in the library rules they use, is one it lists in
// custom.kinds, spelled as the engine keys it: the input holds only the
// declared kinds, so a read of another would silently see no objects and
// the check could never report that its data was missing.
func undeclaredReads(c *ast.Compiler, checks []*Check) []string {
	var problems []string
	for _, ch := range checks {
		if ch.Subject != SubjectInventory || ch.EveryKind {
			continue
		}
		declared := map[string]bool{}
		for _, k := range ch.Kinds {
			declared[k.String()] = true
		}
		m := c.Modules[ch.File]
		if m == nil {
			continue
		}
		seen := map[string]bool{}
		for _, r := range kindsRead(c, m.Rules) {
			if declared[r.kind] || seen[r.kind] {
				continue
			}
			seen[r.kind] = true
			hint := ""
			if gk, err := ParseKind(r.kind); err == nil && declared[gk.String()] {
				hint = fmt.Sprintf(" (the input names it %q)", gk.String())
			}
			problems = append(problems, fmt.Sprintf("%s: check %s reads kind %q, which its custom.kinds does not list%s", r.loc, ch.ID, r.kind, hint))
		}
	}
	return problems
}

// kindsRead lists the kinds named by a string in the rules and in every
// rule they depend on: as an argument of a kind reader, or as the key of
// input.objects or of input.by_namespace[ns].
func kindsRead(c *ast.Compiler, rules []*ast.Rule) []kindRead {
	var out []kindRead
	visited := map[util.T]bool{}
	queue := make([]util.T, 0, len(rules))
	for _, r := range rules {
		queue = append(queue, r)
	}
	for len(queue) > 0 {
		node := queue[0]
		queue = queue[1:]
		if visited[node] {
			continue
		}
		visited[node] = true
		r, ok := node.(*ast.Rule)
		if !ok {
			continue
		}
		out = append(out, literalKinds(c, r)...)
		deps := c.Graph.Dependencies(r)
		next := make([]*ast.Rule, 0, len(deps))
		for d := range deps {
			if dr, ok := d.(*ast.Rule); ok {
				next = append(next, dr)
			}
		}
		// The graph's map has no order: sort, for errors in a fixed order.
		sort.Slice(next, func(i, j int) bool { return next[i].Location.String() < next[j].Location.String() })
		for _, dr := range next {
			queue = append(queue, dr)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].loc.String() < out[j].loc.String() })
	return out
}

// literalKinds finds the kinds a rule names: a string argument of a kind
// reader, or a variable bound to one of a list of strings (some kind in
// ["RoleBinding", "ClusterRoleBinding"], or a rule whose value is such a
// list). A kind computed otherwise (object.keys(input.objects)) is one the
// input holds.
func literalKinds(c *ast.Compiler, r *ast.Rule) []kindRead {
	var out []kindRead
	strs := map[ast.Var][]string{}
	call := func(op ast.Ref, args []*ast.Term, loc *ast.Location) {
		i, ok := kindReaders[op.String()]
		if !ok || i >= len(args) {
			return
		}
		switch v := args[i].Value.(type) {
		case ast.String:
			out = append(out, kindRead{string(v), locOf(args[i], loc)})
		case ast.Var:
			for _, k := range strs[v] {
				out = append(out, kindRead{k, locOf(args[i], loc)})
			}
		}
	}
	ast.WalkExprs(r, func(e *ast.Expr) bool {
		if e.IsEquality() {
			a, b := e.Operand(0), e.Operand(1)
			if v, ok := a.Value.(ast.Var); ok {
				if l := stringsOf(c, strs, b.Value); l != nil {
					strs[v] = l
				}
			}
			return false
		}
		if e.IsCall() {
			call(e.Operator(), e.Operands(), e.Location)
		}
		return false
	})
	ast.WalkTerms(r, func(t *ast.Term) bool {
		switch v := t.Value.(type) {
		case ast.Call:
			if op, ok := v[0].Value.(ast.Ref); ok {
				call(op, v[1:], t.Location)
			}
		case ast.Ref:
			if k, ok := inputKind(v); ok {
				out = append(out, kindRead{k, t.Location})
			}
		}
		return false
	})
	return out
}

// stringsOf gives the strings a value may be: a string, an array of
// strings, an element of a variable holding such an array, or the value of
// a rule that is an array of strings.
func stringsOf(c *ast.Compiler, strs map[ast.Var][]string, v ast.Value) []string {
	switch v := v.(type) {
	case ast.String:
		return []string{string(v)}
	case *ast.Array:
		var out []string
		for i := 0; i < v.Len(); i++ {
			s, ok := v.Elem(i).Value.(ast.String)
			if !ok {
				return nil
			}
			out = append(out, string(s))
		}
		return out
	case ast.Var:
		return strs[v]
	case ast.Ref:
		if len(v) == 2 {
			if base, ok := v[0].Value.(ast.Var); ok && strs[base] != nil {
				return strs[base]
			}
		}
		if v.HasPrefix(ast.DefaultRootRef) && v.IsGround() {
			var out []string
			for _, r := range c.GetRules(v) {
				if r.Head.Value == nil || len(r.Head.Args) > 0 {
					continue
				}
				out = append(out, stringsOf(c, strs, r.Head.Value.Value)...)
			}
			return out
		}
	}
	return nil
}

// inputKind reads input.objects["Kind"] and input.by_namespace[ns]["Kind"].
func inputKind(ref ast.Ref) (string, bool) {
	if len(ref) < 3 || !ref[0].Equal(ast.InputRootDocument) {
		return "", false
	}
	at := 0
	switch {
	case ref[1].Equal(ast.StringTerm("objects")):
		at = 2
	case ref[1].Equal(ast.StringTerm("by_namespace")):
		at = 3
	default:
		return "", false
	}
	if at >= len(ref) {
		return "", false
	}
	s, ok := ref[at].Value.(ast.String)
	return string(s), ok
}

func locOf(t *ast.Term, fallback *ast.Location) *ast.Location {
	if t.Location != nil {
		return t.Location
	}
	if fallback != nil {
		return fallback
	}
	return &ast.Location{File: "?"}
}

// customKeys are the keys a check's METADATA may hold under custom.
var customKeys = []string{"absence", "id", "kinds", "namespaces", "remediation", "severity", "skip_owned", "subject"}

// unknownCustom names the keys of custom a check does not read: a key such
// as cis, which maps a check onto controls, belongs to the benchmark
// definitions (benchmarks/), and a copy here would drift from them.
func unknownCustom(custom map[string]any) []string {
	var out []string
	for k := range custom {
		known := false
		for _, c := range customKeys {
			known = known || c == k
		}
		if !known {
			out = append(out, "custom."+k)
		}
	}
	sort.Strings(out)
	return out
}
