package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/viper"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/report"
)

// gateError is --fail-below or --fail-on-severity matching: exit 1.
type gateError struct{ reasons []string }

func (e *gateError) Error() string {
	return "kubeassay: " + strings.Join(e.reasons, "; ")
}

// checkGates applies --fail-below and --fail-on-severity to a result. A
// benchmark without a score (nothing automated was decided) is below any
// threshold: a gate never passes on nothing judged. An ERROR control counts
// like a FAIL for --fail-on-severity, for the same reason.
func checkGates(v *viper.Viper, res *report.Result) error {
	var reasons []string
	below, err := parseFailBelow(stringList(v, "fail-below"), res)
	if err != nil {
		return err
	}
	for _, b := range res.Benchmarks {
		limit, ok := below[b.ID]
		if !ok {
			limit, ok = below[""]
		}
		if !ok {
			continue
		}
		switch p := b.Score.Percent; {
		case p == nil:
			reasons = append(reasons, fmt.Sprintf("--fail-below: %s has no score (nothing automated was decided), want %g%%", b.ID, limit))
		case *p < limit:
			reasons = append(reasons, fmt.Sprintf("--fail-below: %s scores %.1f%%, below %g%%", b.ID, *p, limit))
		}
	}
	if sev := strings.ToLower(v.GetString("fail-on-severity")); sev != "" {
		rank := slices.Index(checks.Severities, sev)
		if rank < 0 || sev == "info" {
			return fmt.Errorf("--fail-on-severity %s: not one of critical, high, medium, low", sev)
		}
		n := 0
		for _, b := range res.Benchmarks {
			for _, c := range b.Controls {
				r := slices.Index(checks.Severities, c.Severity)
				if (c.Status == report.StatusFail || c.Status == report.StatusError) && r >= 0 && r <= rank {
					n++
				}
			}
		}
		if n > 0 {
			reasons = append(reasons, fmt.Sprintf("--fail-on-severity: %d controls of severity %s or above fail or error", n, sev))
		}
	}
	if len(reasons) > 0 {
		return &gateError{reasons}
	}
	return nil
}

// parseFailBelow reads N (every benchmark, key "") and ID=N; an ID the
// result has no benchmark of is an error, not a gate that never applies.
func parseFailBelow(specs []string, res *report.Result) (map[string]float64, error) {
	out := map[string]float64{}
	for _, s := range specs {
		id, num, scoped := strings.Cut(s, "=")
		if !scoped {
			id, num = "", s
		}
		p, err := strconv.ParseFloat(strings.TrimSuffix(num, "%"), 64)
		if err != nil || p < 0 || p > 100 {
			return nil, fmt.Errorf("--fail-below %s: want a percentage from 0 to 100, or BENCHMARK=PERCENT", s)
		}
		if scoped && !slices.ContainsFunc(res.Benchmarks, func(b report.Benchmark) bool { return b.ID == id }) {
			return nil, fmt.Errorf("--fail-below %s: the result has no benchmark %s", s, id)
		}
		out[id] = p
	}
	return out, nil
}
