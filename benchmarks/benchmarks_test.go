package benchmarks_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kubeassay/kubeassay/benchmarks"
	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/policies"
)

func catalog(t *testing.T) *checks.Catalog {
	t.Helper()
	cat, err := checks.LoadCatalog(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// TestBuiltinBenchmarksLoad loads every shipped benchmark and checks what
// the Pod Security Standards must hold.
func TestBuiltinBenchmarksLoad(t *testing.T) {
	bs, err := benchmarks.LoadBuiltin(catalog(t))
	if err != nil {
		t.Fatal(err)
	}
	baseline, ok := benchmarks.Find(bs, "pss-baseline")
	if !ok {
		t.Fatal("pss-baseline missing")
	}
	restricted, ok := benchmarks.Find(bs, "pss-restricted")
	if !ok {
		t.Fatal("pss-restricted missing")
	}
	// Restricted includes every Baseline control.
	ids := map[string]bool{}
	for _, c := range restricted.Controls {
		ids[c.ID] = true
	}
	for _, c := range baseline.Controls {
		if !ids[c.ID] {
			t.Errorf("pss-restricted lacks baseline control %s", c.ID)
		}
	}
	if len(restricted.Controls) <= len(baseline.Controls) {
		t.Errorf("pss-restricted has %d controls, baseline %d", len(restricted.Controls), len(baseline.Controls))
	}
	// Every check is used by some benchmark.
	used := map[string]bool{}
	for _, id := range benchmarks.CheckIDs(bs...) {
		used[id] = true
	}
	for _, ch := range catalog(t).Checks {
		if !used[ch.ID] {
			t.Errorf("check %s is in no benchmark", ch.ID)
		}
	}
}

const good = `id: b
title: B
version: v1
source: {document: Doc}
sections: [{id: s, title: S}]
controls:
  - {id: c1, title: C1, section: s, automated: true, severity: high, checks: [KA-POD-003]}
  - {id: c2, title: C2, section: s, automated: false, severity: low, audit: Look at it.}
`

func TestLoadRefusesMalformedDefinitions(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"valid", good, ""},
		{"missing version", strings.Replace(good, "version: v1\n", "", 1), "b/benchmark.yaml: missing version"},
		{"unknown check", strings.Replace(good, "KA-POD-003", "KA-NOPE-1", 1), `control "c1": unknown check "KA-NOPE-1"`},
		{"duplicate control", strings.Replace(good, "id: c2", "id: c1", 1), `duplicate control id "c1"`},
		{"undeclared section", strings.Replace(good, "section: s, automated: false", "section: x, automated: false", 1), `control "c2": section "x" is not declared`},
		{"bad severity", strings.Replace(good, "severity: high", "severity: severe", 1), `control "c1": severity "severe"`},
		{"missing severity", strings.Replace(good, "severity: high, ", "", 1), `control "c1": severity ""`},
		{"manual without audit", strings.Replace(good, ", audit: Look at it.", "", 1), `control "c2": a manual control needs its audit procedure`},
		{"automated without checks", strings.Replace(good, ", checks: [KA-POD-003]", "", 1), `control "c1": an automated control needs checks`},
		{"unknown field", strings.Replace(good, "title: B\n", "title: B\ntitel: typo\n", 1), `b/benchmark.yaml: error unmarshaling JSON: while decoding JSON: json: unknown field "titel"`},
		{"unknown extends", strings.Replace(good, "title: B\n", "title: B\nextends: nope\n", 1), `extends unknown benchmark "nope"`},
		{"id differs from directory", strings.Replace(good, "id: b\n", "id: other\n", 1), `id "other" does not match its directory "b"`},
	}
	cat := catalog(t)
	for _, tt := range tests {
		_, err := benchmarks.Load(fstest.MapFS{"b/benchmark.yaml": {Data: []byte(tt.yaml)}}, cat)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want it to contain %q", tt.name, err, tt.want)
		}
	}
}

func TestExtendsIncludesParentAndRefusesCycles(t *testing.T) {
	cat := catalog(t)
	child := "id: c\ntitle: C\nversion: v1\nsource: {document: D}\nextends: b\nsections: [{id: t, title: T}]\ncontrols:\n  - {id: c3, title: C3, section: t, automated: true, severity: low, checks: [KA-POD-003]}\n"
	bs, err := benchmarks.Load(fstest.MapFS{"b/benchmark.yaml": {Data: []byte(good)}, "c/benchmark.yaml": {Data: []byte(child)}}, cat)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := benchmarks.Find(bs, "c")
	if len(c.Controls) != 3 || c.Controls[0].ID != "c1" || c.Controls[2].ID != "c3" || len(c.Sections) != 2 {
		t.Errorf("extended benchmark: %+v", c)
	}
	cyclic := strings.Replace(good, "title: B\n", "title: B\nextends: c\n", 1)
	_, err = benchmarks.Load(fstest.MapFS{"b/benchmark.yaml": {Data: []byte(cyclic)}, "c/benchmark.yaml": {Data: []byte(child)}}, cat)
	if err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("cycle: %v", err)
	}
}
