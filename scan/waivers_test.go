package scan

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/waivers"
)

// scanWaived scans the waiver fixtures against pss-baseline.
func scanWaived(t *testing.T, rules []waivers.Rule, annotations bool) *report.Result {
	t.Helper()
	b, err := LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	var sourced []waivers.Sourced
	for i, r := range rules {
		sourced = append(sourced, waivers.Sourced{Rule: r, Source: fmt.Sprintf("test: waivers[%d]", i)})
	}
	res, err := Run(context.Background(), b, Options{Benchmarks: []string{"pss-baseline"}, Files: []string{"../waivers/testdata/pods.yaml"},
		Waivers: sourced, WaiverAnnotations: annotations})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func control(t *testing.T, res *report.Result, id string) report.Control {
	t.Helper()
	for _, c := range res.Benchmarks[0].Controls {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no control %s", id)
	return report.Control{}
}

func future() string { return time.Now().AddDate(0, 1, 0).Format("2006-01-02") }

func TestWaiversMakeControlsWaivedAndLeaveTheScore(t *testing.T) {
	// Without waivers both privileged pods fail (the annotation is not
	// allowed, and is reported as such).
	plain := scanWaived(t, nil, false)
	if c := control(t, plain, "baseline.privileged"); c.Status != report.StatusFail || c.Failed != 2 {
		t.Fatalf("without waivers: %s with %d failed, want FAIL with 2", c.Status, c.Failed)
	}
	if len(plain.Waivers) != 1 || plain.Waivers[0].State != report.WaiverInvalid || !strings.Contains(plain.Waivers[0].Reason, "not allowed") {
		t.Fatalf("annotation waiver without --waiver-annotations: %+v", plain.Waivers)
	}

	// The configuration waives the labelled pod; the annotation the other.
	rules := []waivers.Rule{{Control: "pss-baseline/baseline.privileged", Namespace: "tool?", Labels: map[string]string{"team": "s*"},
		Justification: "debugging, until the incident closes", Owner: "sre", Expires: future()}}
	res := scanWaived(t, rules, true)
	c := control(t, res, "baseline.privileged")
	if c.Status != report.StatusWaived || c.Failed != 0 || c.Waived != 2 {
		t.Fatalf("waived: %s failed %d waived %d, want WAIVED 0 2 (%s)", c.Status, c.Failed, c.Waived, c.Reason)
	}
	fs := res.ControlFindings(&c)
	got := map[string]string{}
	for _, f := range fs {
		if f.Status != report.StatusWaived || f.Waiver == nil || f.Waiver.Was != report.StatusFail {
			t.Fatalf("finding %+v is not WAIVED from FAIL", f)
		}
		got[f.Resource.Name] = f.Waiver.ID
	}
	if got["debug"] != "config/1" || got["agent"] != "annotation/Pod/tools/agent" {
		t.Fatalf("waivers by pod: %v", got)
	}
	// The score leaves the waived control out: neither met nor unmet.
	ps, ws := plain.Benchmarks[0].Score, res.Benchmarks[0].Score
	if ws.Waived != 1 || ws.Fail != ps.Fail-1 || ws.Pass != ps.Pass {
		t.Fatalf("score with a waived control %+v, without %+v", ws, ps)
	}
	for _, w := range res.Waivers {
		if w.State != report.WaiverActive || w.Findings != 1 {
			t.Fatalf("waiver %s: %s with %d findings, want active with 1", w.ID, w.State, w.Findings)
		}
	}
}

func TestWaiversExpiredStaleAndUnused(t *testing.T) {
	rules := []waivers.Rule{
		{Check: "KA-POD-003", Justification: "old", Owner: "sre", Expires: "2020-01-31"},
		{Check: "KA-POD-003", Name: "no-such-pod", Justification: "gone", Owner: "sre", Expires: future()},
		{Check: "KA-POD-003", Labels: map[string]string{"team": "payments"}, Justification: "wrong label", Owner: "sre", Expires: future()},
		{Control: "cis-1.12/5.1.1", Justification: "not run here", Owner: "sre", Expires: future()},
	}
	res := scanWaived(t, rules, false)
	if c := control(t, res, "baseline.privileged"); c.Status != report.StatusFail || c.Failed != 2 {
		t.Fatalf("an expired waiver must waive nothing: %s with %d failed", c.Status, c.Failed)
	}
	want := []string{report.WaiverExpired, report.WaiverStale, report.WaiverStale, report.WaiverUnused, report.WaiverInvalid}
	if len(res.Waivers) != len(want) {
		t.Fatalf("%d waivers, want %d: %+v", len(res.Waivers), len(want), res.Waivers)
	}
	for i, w := range res.Waivers {
		if w.State != want[i] {
			t.Errorf("waiver %s: %s, want %s (%s)", w.ID, w.State, want[i], w.Reason)
		}
	}
	if res.Waivers[0].Findings != 2 {
		t.Errorf("the expired waiver would have waived %d findings, want 2", res.Waivers[0].Findings)
	}
}

func TestWaiverErrorsNameTheWaiver(t *testing.T) {
	b, err := LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	ok := waivers.Rule{Check: "KA-POD-003", Justification: "j", Owner: "o", Expires: future()}
	for name, tc := range map[string]struct {
		edit func(*waivers.Rule)
		want string
	}{
		"unknown check":     {func(r *waivers.Rule) { r.Check = "KA-POD-999" }, `unknown check "KA-POD-999"`},
		"unknown control":   {func(r *waivers.Rule) { r.Check, r.Control = "", "cis-1.12/9.9.9" }, `unknown control "cis-1.12/9.9.9"`},
		"manual control":    {func(r *waivers.Rule) { r.Check, r.Control = "", "cis-1.12/5.1.7" }, "is manual"},
		"both":              {func(r *waivers.Rule) { r.Control = "pss-baseline/baseline.privileged" }, "names both"},
		"no justification":  {func(r *waivers.Rule) { r.Justification = " " }, "no justification"},
		"no owner":          {func(r *waivers.Rule) { r.Owner = "" }, "no owner"},
		"no expiry":         {func(r *waivers.Rule) { r.Expires = "" }, "no expiry"},
		"bad date":          {func(r *waivers.Rule) { r.Expires = "31/01/2027" }, "not a date"},
		"bad glob":          {func(r *waivers.Rule) { r.Name = "web-[" }, "not a valid glob"},
		"nodes and objects": {func(r *waivers.Rule) { r.Nodes, r.Namespace = []string{"n*"}, "x" }, "one or the other"},
	} {
		t.Run(name, func(t *testing.T) {
			r := ok
			tc.edit(&r)
			_, err := Run(context.Background(), b, Options{Benchmarks: []string{"pss-baseline"}, Files: []string{"../waivers/testdata/pods.yaml"},
				Waivers: []waivers.Sourced{{Rule: r, Source: "kubeassay.yaml: waivers[0]"}}})
			if err == nil || !strings.Contains(err.Error(), "kubeassay.yaml: waivers[0]: ") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one naming the waiver and %q", err, tc.want)
			}
		})
	}
}
