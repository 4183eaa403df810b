package main

import (
	"strings"
	"testing"
)

func TestScoreAndSeverityGates(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--fail-below", "90"}, 1, "--fail-below: pss-baseline scores 66.7%, below 90%"},
		{[]string{"--fail-below", "pss-baseline=60"}, 0, ""},
		{[]string{"--fail-below", "50,pss-baseline=70"}, 1, "pss-baseline scores 66.7%, below 70%"},
		{[]string{"--fail-below", "cis-1.12=50"}, 2, "the result has no benchmark cis-1.12"},
		{[]string{"--fail-below", "120"}, 2, "want a percentage from 0 to 100"},
		{[]string{"--fail-on-severity", "high"}, 1, "--fail-on-severity: 4 controls of severity high or above fail or error"},
		{[]string{"--fail-on-severity", "critical"}, 0, ""},
		{[]string{"--fail-on-severity", "severe"}, 2, "not one of critical, high, medium, low"},
	} {
		r := runCLI(t, "", append([]string{"scan", "-f", demo, "-b", "pss-baseline", "-o", "json=" + t.TempDir() + "/r.json"}, tt.args...)...)
		if r.code != tt.code || (tt.want != "" && !strings.Contains(r.err, tt.want)) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tt.args, r.code, r.err, tt.code, tt.want)
		}
	}
	// Nothing decided is never above a threshold.
	r := runCLI(t, "", "scan", "-f", demo, "--check", "KA-API-011", "--fail-below", "10", "-o", "json="+t.TempDir()+"/r.json")
	if r.code != 1 || !strings.Contains(r.err, "checks has no score (nothing automated was decided)") {
		t.Errorf("a benchmark without a score: exit %d, %q", r.code, r.err)
	}
}
