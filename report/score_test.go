package report

import "testing"

func TestScore(t *testing.T) {
	controls := []Control{
		{Automated: true, Severity: "critical", Status: StatusPass},
		{Automated: true, Severity: "low", Status: StatusFail},
		{Automated: true, Severity: "high", Status: StatusFail},
		{Automated: true, Severity: "high", Status: StatusSkip},
		{Automated: true, Severity: "medium", Status: StatusError},
		{Automated: true, Severity: "medium", Status: StatusWarn},
		{Automated: false, Severity: "high", Status: StatusManual},
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
	if e := score([]Control{{Automated: true, Status: StatusSkip}}); e.Percent != nil || e.WeightedPercent != nil {
		t.Errorf("nothing decided should have no percentage: %+v", e)
	}
}
