package verdict

import (
	"strings"
	"testing"

	"github.com/kubeassay/kubeassay/benchmarks"
	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/policies"
	"github.com/kubeassay/kubeassay/report"
)

func TestScore(t *testing.T) {
	controls := []report.Control{
		{Automated: true, Severity: "critical", Status: report.StatusPass},
		{Automated: true, Severity: "low", Status: report.StatusFail},
		{Automated: true, Severity: "high", Status: report.StatusFail},
		{Automated: true, Severity: "high", Status: report.StatusSkip},
		{Automated: true, Severity: "medium", Status: report.StatusError},
		{Automated: true, Severity: "medium", Status: report.StatusWarn},
		{Automated: false, Severity: "high", Status: report.StatusManual},
	}
	s := score(controls)
	if s.Pass != 1 || s.Fail != 2 || s.Skip != 1 || s.Error != 1 || s.Warn != 1 || s.Manual != 1 {
		t.Errorf("counts %+v", s)
	}
	// 1 of 3 decided controls passed; by weight 10 of 10+1+6.
	if s.Percent == nil || *s.Percent != 33.3 {
		t.Errorf("percent %v, want 33.3", s.Percent)
	}
	if s.WeightedPercent == nil || *s.WeightedPercent != 58.8 {
		t.Errorf("weighted %v, want 58.8", s.WeightedPercent)
	}
	if e := score([]report.Control{{Automated: true, Status: report.StatusSkip}}); e.Percent != nil || e.WeightedPercent != nil {
		t.Errorf("nothing decided should have no percentage: %+v", e)
	}
}

func TestUnreadableKindIsErrorNeverPass(t *testing.T) {
	cat, err := checks.LoadCatalog(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	bs, err := benchmarks.LoadBuiltin(cat)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := benchmarks.Find(bs, "pss-baseline")
	// Deployments were read and are clean; pods could not be listed.
	res := &checks.Result{Objects: map[string]int{"Deployment": 3}, Evaluated: map[string]int{}, CheckErrors: map[string][]string{}}
	for _, ch := range cat.Checks {
		res.Evaluated[ch.ID] = 3
	}
	r := Build(Run{Unavailable: map[string]string{"Pod": "forbidden: the credentials may not list pods"}}, []*benchmarks.Benchmark{b}, cat, res)
	for _, c := range r.Benchmarks[0].Controls {
		if c.Status != report.StatusError || !strings.Contains(c.Reason, "Pod could not be read: forbidden") {
			t.Errorf("%s: %s %q, want ERROR naming the unreadable pods", c.ID, c.Status, c.Reason)
		}
	}
	if r.Benchmarks[0].Score.Pass != 0 {
		t.Error("a control passed although pods could not be read")
	}
}
