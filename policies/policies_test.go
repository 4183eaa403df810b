package policies_test

import (
	"context"
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/policies"
)

// TestRego runs every *_test.rego through OPA's tester.
func TestRego(t *testing.T) {
	modules := map[string]*ast.Module{}
	err := fs.WalkDir(policies.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".rego" {
			return err
		}
		src, err := fs.ReadFile(policies.FS, p)
		if err != nil {
			return err
		}
		m, err := ast.ParseModuleWithOpts(p, string(src), ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true})
		if err != nil {
			return err
		}
		modules[p] = m
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The modules call kubeassay's own functions (kubeassay.rbac.holders).
	var functions []*tester.Builtin
	for _, f := range checks.Functions() {
		functions = append(functions, &tester.Builtin{Decl: f.Decl, Func: f.Option})
	}
	ch, err := tester.NewRunner().
		SetModules(modules).
		AddCustomBuiltins(functions).
		RaiseBuiltinErrors(true).
		Run(context.Background(), modules)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r := range ch {
		n++
		name := r.Package + "." + r.Name
		switch {
		case r.Error != nil:
			t.Errorf("%s: error: %v", name, r.Error)
		case r.Fail:
			t.Errorf("%s: failed (%s)", name, r.Location)
		case r.Skip:
			t.Errorf("%s: skipped: every Rego test must run", name)
		}
	}
	if n == 0 {
		t.Fatal("no Rego test ran")
	}
	t.Logf("%d Rego tests", n)
	// Every check module has tests beside it.
	for p := range modules {
		if strings.HasSuffix(p, "_test.rego") || strings.HasPrefix(p, "lib/") {
			continue
		}
		if _, ok := modules[strings.TrimSuffix(p, ".rego")+"_test.rego"]; !ok {
			t.Errorf("%s has no %s_test.rego beside it", p, strings.TrimSuffix(p, ".rego"))
		}
	}
}
