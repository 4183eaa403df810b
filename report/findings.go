package report

import (
	"slices"
	"strings"
)

// Check returns the record of the check with id, if the result holds one.
func (r *Result) Check(id string) (*CheckResult, bool) {
	i, ok := slices.BinarySearchFunc(r.Checks, id, func(c CheckResult, id string) int { return strings.Compare(c.ID, id) })
	if !ok {
		return nil, false
	}
	return &r.Checks[i], true
}

// ControlFindings returns the findings of c: those of the checks it maps,
// in the report's order (SortFindings). A manual control lists none. The
// slice of a control that maps one check is that check's own: callers must
// not change it.
func (r *Result) ControlFindings(c *Control) []Finding {
	if !c.Automated {
		return nil
	}
	var parts [][]Finding
	for _, id := range c.Checks {
		if ch, ok := r.Check(id); ok && len(ch.Findings) > 0 {
			parts = append(parts, ch.Findings)
		}
	}
	switch len(parts) {
	case 0:
		return nil
	case 1:
		return parts[0]
	}
	// Each part is in order already, and checks never share a finding:
	// a stable sort of them one after the other is the order a sort of the
	// control's findings would give.
	out := slices.Concat(parts...)
	SortFindings(out)
	return out
}

// findingRank orders findings by status: failures, warnings, waived.
func findingRank(status string) int {
	switch status {
	case StatusFail:
		return 0
	case StatusWaived:
		return 2
	}
	return 1
}

// SortFindings puts findings in the report's order: failures, then
// warnings, then waived findings, then by namespace, kind, name, path, message and check; equal
// findings keep their order.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, compareFindings)
}

func compareFindings(a, b Finding) int {
	if c := findingRank(a.Status) - findingRank(b.Status); c != 0 {
		return c
	}
	if c := strings.Compare(a.Resource.Namespace, b.Resource.Namespace); c != 0 {
		return c
	}
	if c := strings.Compare(a.Resource.Kind, b.Resource.Kind); c != 0 {
		return c
	}
	if c := strings.Compare(a.Resource.Name, b.Resource.Name); c != 0 {
		return c
	}
	if c := strings.Compare(a.Path, b.Path); c != 0 {
		return c
	}
	if c := strings.Compare(a.Message, b.Message); c != 0 {
		return c
	}
	return strings.Compare(a.Check, b.Check)
}
