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
	all    rego.PreparedEvalQuery
	single []rego.PreparedEvalQuery
}

// verdict is what a query found in one input: findings, the checks that did
// not judge it (their skip rule said why), and the checks that failed to
// evaluate with their error.
type verdict struct {
	findings []Finding
	skips    map[string]string
	errs     map[string]string
}

func ruleSetQuery(pkg string) string {
	ref := "data." + pkg
	return fmt.Sprintf(`{"deny": [f | some f in %[1]s.deny], "warn": [f | some f in %[1]s.warn], "skip": [s | s := %[1]s.skip]}`, ref)
}

func prepareQuery(ctx context.Context, c *ast.Compiler, checks []*Check) (*query, error) {
	q := &query{checks: checks}
	var b strings.Builder
	b.WriteString("out := {")
	for i, ch := range checks {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %s", strconv.Quote(ch.ID), ruleSetQuery(ch.Package))
	}
	b.WriteString("}")
	var err error
	if q.all, err = prepare(ctx, c, b.String()); err != nil {
		return nil, err
	}
	for _, ch := range checks {
		pq, err := prepare(ctx, c, "out := "+ruleSetQuery(ch.Package))
		if err != nil {
			return nil, fmt.Errorf("check %s: %w", ch.ID, err)
		}
		q.single = append(q.single, pq)
	}
	return q, nil
}

func prepare(ctx context.Context, c *ast.Compiler, src string) (rego.PreparedEvalQuery, error) {
	return rego.New(
		rego.Query(src),
		rego.Compiler(c),
		rego.StrictBuiltinErrors(true),
	).PrepareForEval(ctx)
}

// eval runs the query on input.
func (q *query) eval(ctx context.Context, input ast.Value) verdict {
	var v verdict
	rs, err := q.all.Eval(ctx, rego.EvalParsedInput(input))
	if err == nil {
		out := binding(rs)
		for _, ch := range q.checks {
			v.add(ch.ID, out[ch.ID])
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

// add records one check's rule set: its skip reason, or its findings.
func (v *verdict) add(id string, ruleSet any) {
	fs, skip, err := parseRuleSet(id, ruleSet)
	switch {
	case err != nil:
		v.addErr(id, err.Error())
	case skip != "":
		if v.skips == nil {
			v.skips = map[string]string{}
		}
		v.skips[id] = skip
	default:
		v.findings = append(v.findings, fs...)
	}
}

func (v *verdict) addErr(id, msg string) {
	if v.errs == nil {
		v.errs = map[string]string{}
	}
	v.errs[id] = msg
}

// binding returns the "out" binding of a query's single result.
func binding(rs rego.ResultSet) map[string]any {
	if len(rs) == 0 {
		return nil
	}
	out, _ := rs[0].Bindings["out"].(map[string]any)
	return out
}

// parseRuleSet reads {"deny": [...], "warn": [...], "skip": [reason]} into
// findings, or the reason the check did not judge the input.
func parseRuleSet(id string, v any) ([]Finding, string, error) {
	if v == nil {
		return nil, "", nil
	}
	rs, ok := v.(map[string]any)
	if !ok {
		return nil, "", fmt.Errorf("unexpected result %v", v)
	}
	if skips, _ := rs["skip"].([]any); len(skips) > 0 {
		reason, ok := skips[0].(string)
		if !ok || reason == "" {
			return nil, "", fmt.Errorf("skip must be a non-empty string saying why, got %v", skips[0])
		}
		return nil, reason, nil
	}
	var out []Finding
	for _, rule := range []string{"deny", "warn"} {
		items, _ := rs[rule].([]any)
		for _, it := range items {
			f, err := parseFinding(id, it)
			if err != nil {
				return nil, "", fmt.Errorf("%s: %w", rule, err)
			}
			f.Warn = rule == "warn"
			out = append(out, f)
		}
	}
	return out, "", nil
}

func parseFinding(id string, v any) (Finding, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return Finding{}, fmt.Errorf("a finding must be an object with msg and path, got %v", v)
	}
	msg, _ := m["msg"].(string)
	if msg == "" {
		return Finding{}, fmt.Errorf("a finding has no msg: %v", v)
	}
	path, _ := m["path"].(string)
	return Finding{CheckID: id, Message: msg, Path: path, Value: m["value"]}, nil
}
