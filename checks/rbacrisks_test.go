package checks_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/checks/rbac"
	"github.com/kubeassay/kubeassay/policies"
	"github.com/kubeassay/kubeassay/sources/manifests"
	"github.com/kubeassay/kubeassay/sources/rbacinput"
)

// The RBAC risks `kubeassay rbac risks` lists are the checks that define
// one: each has a severity the risk list can read, one of them is the
// wildcard, and none but the RBAC checks defines one.
func TestRBACRisksComeFromTheChecks(t *testing.T) {
	cat, risks := riskCatalog(t)
	ids := map[string]bool{}
	wildcards := 0
	for _, r := range risks {
		ids[r.ID] = true
		if r.IsWildcard() {
			wildcards++
		}
		ch, _ := cat.Check(r.ID)
		if r.Severity.String() != ch.Severity || r.Why != ch.Description || r.Title == "" || len(r.AnyOf) == 0 {
			t.Errorf("%s: risk %+v does not carry its check's severity and description", r.ID, r)
		}
	}
	for _, ch := range cat.Checks {
		if ch.IsRBACRisk() != ids[ch.ID] {
			t.Errorf("%s: defines a risk %v, listed %v", ch.ID, ch.IsRBACRisk(), ids[ch.ID])
		}
	}
	if wildcards != 1 || len(ids) < 13 {
		t.Errorf("%d risk checks, %d wildcards: want at least 13 and one", len(ids), wildcards)
	}
}

// The scan's findings and `rbac risks` agree: over the fail fixtures of
// every risk check, the bindings each check reports are the bindings the
// resolver gives for that check's risk, subject by subject, system subjects
// left aside by the same rule (a user's binding to one is reported by both).
func TestRBACRisksAgreeWithTheScan(t *testing.T) {
	cat, risks := riskCatalog(t)
	for _, ch := range cat.Checks {
		if !ch.IsRBACRisk() {
			continue
		}
		eng, err := checks.NewEngine(context.Background(), cat, []string{ch.ID}, checks.Options{})
		if err != nil {
			t.Fatal(err)
		}
		files, _ := filepath.Glob(filepath.Join("..", "policies", filepath.Dir(ch.File), "fail", "*.yaml"))
		passing, _ := filepath.Glob(filepath.Join("..", "policies", filepath.Dir(ch.File), "pass", "*.yaml"))
		files = append(files, passing...)
		var mine []rbac.Risk
		for _, r := range risks {
			if r.ID == ch.ID {
				mine = append(mine, r)
			}
		}
		for _, f := range files {
			scanned := map[string]bool{}
			for _, fd := range scanFile(t, eng, f).Findings {
				if !fd.Warn {
					scanned[fmt.Sprintf("%s %v", fd.Object, fd.Value)] = true
				}
			}
			listed := map[string]bool{}
			objs, warnings, err := rbacinput.ReadFiles(context.Background(), nil, []string{f})
			if err != nil || len(warnings) > 0 {
				t.Fatalf("%s: %v %v", f, err, warnings)
			}
			found := rbac.New(objs).FindRisks(mine)
			if err := cat.MarkSystem(context.Background(), objs, found); err != nil {
				t.Fatal(err)
			}
			for _, rf := range found {
				for _, g := range rf.Via {
					if !g.Privileged && !rf.System {
						listed[fmt.Sprintf("%s/%s %s", g.Binding.Kind, strings.TrimPrefix(g.Binding.Namespace+"/"+g.Binding.Name, "/"), subjectText(rf.Subject))] = true
					}
				}
			}
			fail := strings.Contains(f, string(filepath.Separator)+"fail"+string(filepath.Separator))
			if fail != (len(scanned) > 0) || !mapsEqual(scanned, listed) {
				t.Errorf("%s: the scan reports %v, rbac risks lists %v", f, keys(scanned), keys(listed))
			}
		}
	}
}

func subjectText(s rbac.Subject) string {
	if s.Kind == "ServiceAccount" {
		return "ServiceAccount " + s.Namespace + "/" + s.Name
	}
	return s.Kind + " " + s.Name
}

// riskCatalog is the built-in catalog and the risks its checks define.
func riskCatalog(t *testing.T) (*checks.Catalog, []rbac.Risk) {
	t.Helper()
	cat, err := checks.LoadCatalog(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	risks, err := cat.RBACRisks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return cat, risks
}

func mapsEqual(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// scanFile scans one manifest file with eng.
func scanFile(t *testing.T, eng *checks.Engine, file string) *checks.Result {
	t.Helper()
	docs := make(chan checks.Document, 16)
	go func() {
		defer close(docs)
		if err := (&manifests.Reader{}).Read(context.Background(), []string{file}, docs); err != nil {
			t.Error(err)
		}
	}()
	res, err := eng.Run(context.Background(), docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}
