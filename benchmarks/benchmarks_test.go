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
	// Every check is used by some benchmark, or is an RBAC risk, which
	// `kubeassay rbac risks` lists whether a benchmark maps it or not.
	used := map[string]bool{}
	for _, id := range benchmarks.CheckIDs(bs...) {
		used[id] = true
	}
	for _, ch := range catalog(t).Checks {
		if !used[ch.ID] && !ch.IsRBACRisk() {
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
		{"bad assessment", strings.Replace(good, "automated: true,", "automated: true, assessment: scored,", 1), `control "c1": assessment "scored" is not automated or manual`},
		{"half assessed", strings.Replace(good, "automated: true,", "automated: true, assessment: automated,", 1), `1 of 2 controls carry the document's assessment: all or none do`},
		{"assessed", strings.Replace(strings.Replace(good, "automated: true,", "automated: true, assessment: manual,", 1), "automated: false,", "automated: false, assessment: automated,", 1), ""},
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

// parentAndChild loads the benchmark good as "b" and child as "c".
func parentAndChild(t *testing.T, child string) (*benchmarks.Benchmark, error) {
	t.Helper()
	bs, err := benchmarks.Load(fstest.MapFS{"b/benchmark.yaml": {Data: []byte(good)}, "c/benchmark.yaml": {Data: []byte(child)}}, catalog(t))
	if err != nil {
		return nil, err
	}
	c, _ := benchmarks.Find(bs, "c")
	return c, nil
}

const child = `id: c
version: v2
extends: b
overrides:
  - {id: c2, title: C2 reworded, remediation: Do it differently.}
`

func TestExtendsOverridesInheritedControls(t *testing.T) {
	c, err := parentAndChild(t, child)
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "B" || c.Source.Document != "Doc" || c.Version != "v2" {
		t.Errorf("title, source and version: %q %q %q", c.Title, c.Source.Document, c.Version)
	}
	if len(c.Controls) != 2 || len(c.Sections) != 1 {
		t.Fatalf("controls %+v, sections %+v", c.Controls, c.Sections)
	}
	c1, c2 := c.Controls[0], c.Controls[1]
	if c1.ID != "c1" || c1.Title != "C1" || !c1.Automated || c1.Checks[0] != "KA-POD-003" {
		t.Errorf("c1 not inherited as is: %+v", c1)
	}
	if c2.ID != "c2" || c2.Title != "C2 reworded" || c2.Remediation != "Do it differently." || c2.Audit != "Look at it." || c2.Automated || c2.Severity != "low" {
		t.Errorf("c2 not overridden field by field: %+v", c2)
	}
	if len(c.Overrides) != 0 || len(c.Remove) != 0 {
		t.Errorf("a resolved benchmark keeps its overrides: %+v %+v", c.Overrides, c.Remove)
	}
}

func TestExtendsRemovesAndAdds(t *testing.T) {
	parent := strings.Replace(good, "sections: [{id: s, title: S}]", "sections: [{id: s, title: S}, {id: u, title: U}]", 1) +
		"  - {id: c4, title: C4, section: u, automated: true, severity: low, checks: [KA-POD-003]}\n"
	c := "id: c\nversion: v2\nextends: b\nremove: [c1, c4]\noverrides:\n  - {id: c2, automated: true, checks: [KA-POD-003]}\n" +
		"controls:\n  - {id: c5, title: C5, section: s, automated: false, severity: info, audit: Read it.}\n"
	bs, err := benchmarks.Load(fstest.MapFS{"b/benchmark.yaml": {Data: []byte(parent)}, "c/benchmark.yaml": {Data: []byte(c)}}, catalog(t))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := benchmarks.Find(bs, "c")
	var ids []string
	for _, ctl := range got.Controls {
		ids = append(ids, ctl.ID)
	}
	if strings.Join(ids, ",") != "c2,c5" || !got.Controls[0].Automated {
		t.Errorf("controls %+v", got.Controls)
	}
	// Section u lost its only control and is dropped; s stays.
	if len(got.Sections) != 1 || got.Sections[0].ID != "s" {
		t.Errorf("sections %+v", got.Sections)
	}
	// The parent is unchanged.
	b, _ := benchmarks.Find(bs, "b")
	if len(b.Controls) != 3 || b.Controls[1].Automated || len(b.Sections) != 2 {
		t.Errorf("parent changed: %+v", b)
	}
}

func TestExtendsRefusesBadOverrides(t *testing.T) {
	tests := []struct{ name, child, want string }{
		{"override unknown control", strings.Replace(child, "id: c2,", "id: c9,", 1), `c/benchmark.yaml: overrides: control "c9" is not in b`},
		{"override twice", child + "  - {id: c2, title: Again}\n", `overrides: control "c2" is overridden twice`},
		{"override changes nothing", child + "  - {id: c1}\n", `overrides: control "c1" changes nothing`},
		{"override without id", child + "  - {title: T}\n", `overrides #2: missing id`},
		{"override unknown field", strings.Replace(child, "title: C2 reworded", "titel: C2", 1), `c/benchmark.yaml: error unmarshaling JSON: while decoding JSON: json: unknown field "titel"`},
		{"override and remove", child + "remove: [c2]\n", `overrides: control "c2" is also removed`},
		{"remove unknown", child + "remove: [c7]\n", `c/benchmark.yaml: remove: control "c7" is not in b`},
		{"remove twice", child + "remove: [c1, c1]\n", `remove: control "c1" is listed twice`},
		{"redefine inherited", child + "sections: [{id: t, title: T}]\ncontrols:\n  - {id: c1, title: X, section: t, automated: false, severity: low, audit: A.}\n", `control "c1" is inherited from b; change it under overrides`},
		{"override breaks control", strings.Replace(child, "title: C2 reworded", "automated: true", 1), `c/benchmark.yaml: control "c2" (inherited from b, changed by overrides): an automated control needs checks`},
		{"override unknown check", strings.Replace(child, "title: C2 reworded", "automated: true, checks: [KA-NOPE-9]", 1), `control "c2" (inherited from b, changed by overrides): unknown check "KA-NOPE-9"`},
		{"override bad severity", strings.Replace(child, "title: C2 reworded", "severity: dire", 1), `c/benchmark.yaml: control "c2" (inherited from b, changed by overrides): severity "dire"`},
		{"override without extends", strings.Replace(child, "extends: b\n", "title: C\nsource: {document: D}\nsections: [{id: t, title: T}]\ncontrols: []\n", 1), `c/benchmark.yaml: overrides and remove change inherited controls, and need extends`},
		{"missing version", strings.Replace(child, "version: v2\n", "", 1), `c/benchmark.yaml: missing version`},
	}
	for _, tt := range tests {
		_, err := parentAndChild(t, tt.child)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to contain %q", tt.name, err, tt.want)
		}
	}
}

// TestCIS20SharesCIS112 pins what cis-2.0 is: every recommendation of
// cis-1.12 with its id, title, section and severity, in the same order, and
// the same type and checks but for 3.2.2, which stays manual (v2.0 asks the
// audit policy for more than a v1.12 check judges). Only 1.2.29 and 3.2.2
// are worded differently.
func TestCIS20SharesCIS112(t *testing.T) {
	bs, err := benchmarks.LoadBuiltin(catalog(t))
	if err != nil {
		t.Fatal(err)
	}
	v112, ok1 := benchmarks.Find(bs, "cis-1.12")
	v20, ok2 := benchmarks.Find(bs, "cis-2.0")
	if !ok1 || !ok2 {
		t.Fatalf("cis-1.12 found %v, cis-2.0 found %v", ok1, ok2)
	}
	if v20.Version != "v2.0.1" || v20.Extends != "cis-1.12" || v20.Title != v112.Title {
		t.Errorf("cis-2.0: version %q, extends %q, title %q", v20.Version, v20.Extends, v20.Title)
	}
	if len(v20.Controls) != len(v112.Controls) || len(v20.Sections) != len(v112.Sections) {
		t.Fatalf("cis-2.0 has %d controls in %d sections, cis-1.12 %d in %d", len(v20.Controls), len(v20.Sections), len(v112.Controls), len(v112.Sections))
	}
	changed := map[string]bool{}
	for i, a := range v112.Controls {
		b := v20.Controls[i]
		if a.ID != b.ID || a.Title != b.Title || a.Section != b.Section || a.Severity != b.Severity {
			t.Errorf("control %d: cis-1.12 %+v, cis-2.0 %+v", i, a, b)
		}
		if a.ID == "3.2.2" {
			if b.Automated || len(b.Checks) != 0 || !strings.Contains(b.Audit, "CertificateSigningRequests") {
				t.Errorf("cis-2.0 3.2.2 is not manual with v2.0's audit: %+v", b)
			}
		} else if a.Automated != b.Automated || strings.Join(a.Checks, " ") != strings.Join(b.Checks, " ") {
			t.Errorf("control %s: cis-1.12 %v %v, cis-2.0 %v %v", a.ID, a.Automated, a.Checks, b.Automated, b.Checks)
		}
		if a.Audit != b.Audit || a.Remediation != b.Remediation {
			changed[a.ID] = true
		}
	}
	if len(changed) != 2 || !changed["1.2.29"] || !changed["3.2.2"] {
		t.Errorf("controls worded differently: %v, want 1.2.29 and 3.2.2", changed)
	}
}
