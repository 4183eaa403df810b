package checks

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// query evaluates a fixed set of checks on one input in a single pass; when
// that pass fails it evaluates them one by one, so that one broken check
// marks only its own controls ERROR.
type query struct {
	checks []*Check
	// resource says findings must name the object they are about
	// (inventory checks): a finding without it is an error.
	resource bool
	all      rego.PreparedEvalQuery
	single   []rego.PreparedEvalQuery
}

// verdict is what a query found in one input: findings, the checks that did
// not judge it because it is not theirs to judge (their skip rule said why),
// the checks that could not decide it because data they need is missing
// (their unknown rule said why), and the checks that failed to evaluate with
// their error.
type verdict struct {
	// resource is set, before add, when findings must carry a resource.
	resource bool
	findings []Finding
	skips    map[string]string
	unknowns map[string]string
	errs     map[string]string
}

// ruleSetQuery is the query term for one check's rules. deny and warn are
// sets, always defined, and referred to directly; skip and unknown are often
// undefined, so they are gathered into arrays. The "checked" key is always
// there, so that a result that lost a check's rule set is told apart from a
// check that found nothing.
func ruleSetQuery(ch *Check) string {
	ref := "data." + ch.Package
	parts := []string{`"checked": true`}
	for _, rule := range []string{"deny", "warn"} {
		if ch.rules[rule] {
			parts = append(parts, fmt.Sprintf(`"%s": %s.%s`, rule, ref, rule))
		}
	}
	for _, rule := range []string{"skip", "unknown"} {
		if ch.rules[rule] {
			parts = append(parts, fmt.Sprintf(`"%s": [x | x := %s.%s]`, rule, ref, rule))
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func prepareQuery(ctx context.Context, c *ast.Compiler, checks []*Check) (*query, error) {
	q := &query{checks: checks}
	var b strings.Builder
	b.WriteString("out := {")
	for i, ch := range checks {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %s", strconv.Quote(ch.ID), ruleSetQuery(ch))
	}
	b.WriteString("}")
	var err error
	if q.all, err = prepare(ctx, c, b.String()); err != nil {
		return nil, err
	}
	for _, ch := range checks {
		pq, err := prepare(ctx, c, "out := "+ruleSetQuery(ch))
		if err != nil {
			return nil, fmt.Errorf("check %s: %w", ch.ID, err)
		}
		q.single = append(q.single, pq)
	}
	return q, nil
}

func prepare(ctx context.Context, c *ast.Compiler, src string) (rego.PreparedEvalQuery, error) {
	opts := []func(*rego.Rego){
		rego.Query(src),
		rego.Compiler(c),
		rego.StrictBuiltinErrors(true),
		// Keep results as AST terms: findings are read from them directly,
		// and only their values are converted.
		rego.GenerateJSON(func(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil }),
	}
	for _, f := range Functions() {
		opts = append(opts, f.Option)
	}
	return rego.New(opts...).PrepareForEval(ctx)
}

// eval runs the query on input.
func (q *query) eval(ctx context.Context, input ast.Value) verdict {
	v := verdict{resource: q.resource}
	rs, err := q.all.Eval(ctx, rego.EvalParsedInput(input))
	if err == nil {
		out := binding(rs)
		for _, ch := range q.checks {
			v.add(ch.ID, field(out, ch.ID))
		}
		return v
	}
	if ctx.Err() != nil {
		for _, ch := range q.checks {
			v.addErr(ch.ID, ctx.Err().Error())
		}
		return v
	}
	for i, ch := range q.checks {
		rs, err := q.single[i].Eval(ctx, rego.EvalParsedInput(input))
		if err != nil {
			v.addErr(ch.ID, err.Error())
			continue
		}
		v.add(ch.ID, binding(rs))
	}
	return v
}

// add records one check's rule set: its skip reason, or its findings and
// the reason it could not decide everything.
func (v *verdict) add(id string, ruleSet ast.Value) {
	rs, err := parseRuleSet(id, ruleSet, v.resource)
	switch {
	case err != nil:
		v.addErr(id, err.Error())
	case rs.skip != "":
		if v.skips == nil {
			v.skips = map[string]string{}
		}
		v.skips[id] = rs.skip
	default:
		v.findings = append(v.findings, rs.findings...)
		if rs.unknown != "" {
			if v.unknowns == nil {
				v.unknowns = map[string]string{}
			}
			v.unknowns[id] = rs.unknown
		}
	}
}

func (v *verdict) addErr(id, msg string) {
	if v.errs == nil {
		v.errs = map[string]string{}
	}
	v.errs[id] = msg
}

// binding returns the "out" binding of a query's single result.
func binding(rs rego.ResultSet) ast.Object {
	if len(rs) == 0 {
		return nil
	}
	t, _ := rs[0].Bindings["out"].(*ast.Term)
	if t == nil {
		return nil
	}
	obj, _ := t.Value.(ast.Object)
	return obj
}

// field returns obj[key], or nil.
func field(obj ast.Object, key string) ast.Value {
	if obj == nil {
		return nil
	}
	t := obj.Get(ast.InternedTerm(key))
	if t == nil {
		return nil
	}
	return t.Value
}

// ruleSet is one check's verdict on one input.
type ruleSet struct {
	findings []Finding
	// skip says why the input is not the check's to judge: it wins over
	// everything else.
	skip string
	// unknown says why the check could not decide the input (data it needs
	// is missing or unreadable). Findings may come with it: what was read
	// already fails.
	unknown string
}

// parseRuleSet reads {"checked": true, "deny": {...}, "warn": {...},
// "skip": [reason], "unknown": [reason]}. A missing or malformed rule set is
// an error, never a clean verdict: a check whose result was lost did not
// judge anything.
func parseRuleSet(id string, v ast.Value, resource bool) (ruleSet, error) {
	var out ruleSet
	rs, ok := v.(ast.Object)
	if !ok || rs == nil {
		if v == nil {
			return out, fmt.Errorf("the evaluation returned no result for check %s", id)
		}
		return out, fmt.Errorf("unexpected result %v", v)
	}
	if checked, _ := field(rs, "checked").(ast.Boolean); !bool(checked) {
		return out, fmt.Errorf("the evaluation result for check %s is incomplete: %v", id, v)
	}
	var err error
	if out.skip, err = reason(rs, "skip"); err != nil || out.skip != "" {
		return out, err
	}
	if out.unknown, err = reason(rs, "unknown"); err != nil {
		return out, err
	}
	for _, rule := range []string{"deny", "warn"} {
		set, _ := field(rs, rule).(ast.Set)
		if set == nil {
			continue
		}
		set.Until(func(t *ast.Term) bool {
			var f Finding
			if f, err = parseFinding(id, t.Value, resource); err != nil {
				err = fmt.Errorf("%s: %w", rule, err)
				return true
			}
			f.Warn = rule == "warn"
			out.findings = append(out.findings, f)
			return false
		})
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// reason reads a skip or unknown rule's value: "" when it is undefined.
func reason(rs ast.Object, rule string) (string, error) {
	arr, _ := field(rs, rule).(*ast.Array)
	if arr == nil || arr.Len() == 0 {
		return "", nil
	}
	s, ok := arr.Elem(0).Value.(ast.String)
	if !ok || s == "" {
		return "", fmt.Errorf("%s must be a non-empty string saying why, got %v", rule, arr.Elem(0))
	}
	return string(s), nil
}

func parseFinding(id string, v ast.Value, resource bool) (Finding, error) {
	m, ok := v.(ast.Object)
	if !ok {
		return Finding{}, fmt.Errorf("a finding must be an object with msg and path, got %v", v)
	}
	msg, _ := field(m, "msg").(ast.String)
	if msg == "" {
		return Finding{}, fmt.Errorf("a finding has no msg: %v", v)
	}
	path, _ := field(m, "path").(ast.String)
	// A finding outlives its input: its strings are copies (keptvalue.go).
	f := Finding{CheckID: id, Message: strings.Clone(string(msg)), Path: strings.Clone(string(path))}
	if val := field(m, "value"); val != nil {
		j, err := ast.JSON(val)
		if err != nil {
			return Finding{}, err
		}
		f.Value = ownStrings(j)
	}
	if resource {
		r, err := parseResource(field(m, "resource"))
		if err != nil {
			return Finding{}, fmt.Errorf("%w: %v", err, v)
		}
		f.Resource = r
	}
	return f, nil
}

// parseResource reads an inventory finding's resource, {apiVersion, kind,
// namespace, name}: apiVersion, kind and name are required, so that the
// report names the exact object.
func parseResource(v ast.Value) (*ObjectRef, error) {
	m, ok := v.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("an inventory finding must name its resource {apiVersion, kind, namespace, name}")
	}
	get := func(k string) (string, error) {
		val := field(m, k)
		if val == nil {
			return "", nil
		}
		s, ok := val.(ast.String)
		if !ok {
			return "", fmt.Errorf("resource.%s must be a string", k)
		}
		return string(s), nil
	}
	var r ObjectRef
	for _, p := range []struct {
		key string
		dst *string
	}{{"apiVersion", &r.APIVersion}, {"kind", &r.Kind}, {"namespace", &r.Namespace}, {"name", &r.Name}} {
		s, err := get(p.key)
		if err != nil {
			return nil, err
		}
		*p.dst = s
	}
	if r.APIVersion == "" || r.Kind == "" || r.Name == "" {
		return nil, fmt.Errorf("an inventory finding's resource needs apiVersion, kind and name")
	}
	return &r, nil
}
