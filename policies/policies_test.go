package policies_test

import (
	"context"
	"testing"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/checks/policytest"
	"github.com/kubeassay/kubeassay/policies"
)

// TestPolicies tests the built-in checks with the code that tests a policy
// directory ('kubeassay policy test', package policytest): every
// *_test.rego through OPA's tester (every test must run and pass), every
// fixture of a check's folder scanned with only that check enabled and
// judged by its folder (pass/, fail/, skip/, error/), the fixture folders
// each check must have (pass and fail; error for node checks and checks
// that define unknown), and the layout of the check folders.
func TestPolicies(t *testing.T) {
	cat, err := checks.LoadCatalog(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	results, err := policytest.Run(context.Background(), cat, policies.FS, policytest.Tree{Dir: ".", FS: policies.FS})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, r := range results {
		count[r.Kind]++
		if !r.Pass {
			t.Errorf("%s %s %s: %s", r.Kind, r.Check, r.File, r.Message)
		}
	}
	if count[policytest.KindRego] == 0 || count[policytest.KindFixture] == 0 {
		t.Fatalf("no Rego test or no fixture ran: %v", count)
	}
	t.Logf("%d Rego tests, %d fixtures of %d checks", count[policytest.KindRego], count[policytest.KindFixture], len(cat.Checks))
}
