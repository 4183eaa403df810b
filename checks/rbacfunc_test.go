package checks

import (
	"context"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// The RBAC function is the catalog's, handed to its queries: loading the
// catalog must not add it to OPA's global tables, where any other Rego in
// the process would see it.
func TestRBACFunctionIsNotGlobal(t *testing.T) {
	builtinCatalog(t)
	if _, ok := ast.BuiltinMap[rbacHolders]; ok {
		t.Fatalf("%s is registered globally", rbacHolders)
	}
	_, err := rego.New(rego.Query(`x := kubeassay.rbac.holders({})`)).Eval(context.Background())
	if err == nil || !strings.Contains(err.Error(), "undefined function") {
		t.Fatalf("a query outside the catalog calls %s: err = %v", rbacHolders, err)
	}
}
