package waivers

import (
	"strings"
	"testing"
	"time"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/report"
)

var testCatalog = Catalog{
	Check: func(id string) bool { return id == "KA-POD-003" || id == "KA-FILE-001" },
	Control: func(b, c string) ([]string, bool) {
		if b == "pss-baseline" && c == "baseline.privileged" {
			return []string{"KA-POD-003"}, true
		}
		return nil, false
	},
	Ran: func(string) bool { return true },
}

// An annotation waiver that cannot be read waives nothing and says why; a
// good one waives its own object's finding only.
func TestAnnotationWaiversThatCannotBeReadWaiveNothing(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	good := map[string]string{annotationWaive: "KA-POD-003", annotationReason: "agent", annotationExpires: "2026-12-07"}
	cases := map[string]struct {
		edit func(map[string]string)
		want string
	}{
		"bad date":       {func(a map[string]string) { a[annotationExpires] = "soon" }, "not a date"},
		"no expiry":      {func(a map[string]string) { delete(a, annotationExpires) }, "no expiry"},
		"no reason":      {func(a map[string]string) { a[annotationReason] = "" }, "reason is missing"},
		"unknown key":    {func(a map[string]string) { a[annotationWaive+"-until"] = "x" }, "unknown annotation"},
		"unknown check":  {func(a map[string]string) { a[annotationWaive] = "KA-POD-003,KA-NOPE" }, `unknown check "KA-NOPE"`},
		"names nothing":  {func(a map[string]string) { a[annotationWaive] = " , " }, "names no check"},
		"bad control":    {func(a map[string]string) { a[annotationWaive] = "pss-baseline/nope" }, "unknown control"},
		"expired":        {func(a map[string]string) { a[annotationExpires] = "2026-12-06" }, ""},
		"valid, applies": {func(map[string]string) {}, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			a := map[string]string{}
			for k, v := range good {
				a[k] = v
			}
			tc.edit(a)
			s, err := New(nil, testCatalog, Options{Annotations: true, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			pod := checks.ObjectRef{APIVersion: "v1", Kind: "Pod", Namespace: "x", Name: "agent"}
			other := checks.ObjectRef{APIVersion: "v1", Kind: "Pod", Namespace: "x", Name: "other"}
			s.Annotate([]checks.ObjectFinding{{Object: pod, Tags: &checks.Tags{Waive: a}}})
			w := s.Waive("KA-POD-003", pod, nil)
			if s.Waive("KA-POD-003", other, nil) != nil {
				t.Fatal("an object's annotation waived another object's finding")
			}
			rec := s.Records()[0]
			switch {
			case name == "valid, applies":
				if w == nil || rec.State != report.WaiverActive {
					t.Fatalf("a valid annotation waiver did not apply: %+v", rec)
				}
			case name == "expired":
				if w != nil || rec.State != report.WaiverExpired || rec.Findings != 1 {
					t.Fatalf("an expired annotation waiver: waived %v, %+v", w != nil, rec)
				}
			default:
				if w != nil || rec.State != report.WaiverInvalid || !strings.Contains(rec.Reason, tc.want) {
					t.Fatalf("waived %v, record %+v; want invalid with %q", w != nil, rec, tc.want)
				}
			}
		})
	}
}

// Node waivers select node findings by node name, and nothing else; object
// selectors never select a node.
func TestNodeWaivers(t *testing.T) {
	s, err := New([]Sourced{{Rule: Rule{Check: "KA-FILE-001", Nodes: []string{"worker-*"}, Justification: "j", Owner: "o", Expires: "2030-01-01"}, Source: "t"}},
		testCatalog, Options{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	node := func(n string) checks.ObjectRef {
		return checks.ObjectRef{APIVersion: checks.KubeassayGroup + "/v1", Kind: checks.NodeFacts.Kind, Name: n}
	}
	if s.Waive("KA-FILE-001", node("worker-1"), nil) == nil {
		t.Error("worker-1 not waived")
	}
	if s.Waive("KA-FILE-001", node("control-1"), nil) != nil {
		t.Error("control-1 waived")
	}
	if s.Waive("KA-FILE-001", checks.ObjectRef{APIVersion: "v1", Kind: "Pod", Name: "worker-1"}, nil) != nil {
		t.Error("a node waiver waived a Pod")
	}
}
