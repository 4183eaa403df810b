package report

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/kubeassay/kubeassay/benchmarks"
	"github.com/kubeassay/kubeassay/checks"
)

// Run describes the scan for the report's metadata.
type Run struct {
	ToolVersion string
	StartedAt   time.Time
	FinishedAt  time.Time
	Source      Source
	// Unavailable holds the kinds the source could not read, with the
	// reason: controls that judge them are ERROR unless they already failed.
	// Kinds are named by checks.GroupKind.String.
	Unavailable map[string]string
	// Cluster describes the live cluster scanned, if any.
	Cluster *Cluster
}

// SeverityWeights weigh controls in Score.WeightedPercent.
var SeverityWeights = map[string]float64{"critical": 10, "high": 6, "medium": 3, "low": 1, "info": 0}

// Build computes every control's status, the findings it lists and the
// scores, for each benchmark, from what the engine found.
func Build(run Run, bs []*benchmarks.Benchmark, cat *checks.Catalog, res *checks.Result) *Result {
	byCheck := map[string][]checks.ObjectFinding{}
	for _, f := range res.Findings {
		byCheck[f.CheckID] = append(byCheck[f.CheckID], f)
	}
	unread := unreadByKind(res.InputErrors)
	out := &Result{
		APIVersion: APIVersion,
		Kind:       Kind,
		Metadata: Metadata{
			ToolVersion: run.ToolVersion,
			StartedAt:   run.StartedAt.UTC(),
			FinishedAt:  run.FinishedAt.UTC(),
			Source:      run.Source,
			Objects:     res.Objects,
			Templates:   res.Templates,
			Cluster:     run.Cluster,
		},
		Benchmarks: []Benchmark{},
		Errors:     append([]InputError{}, res.InputErrors...),
	}
	for _, b := range bs {
		rb := Benchmark{
			ID: b.ID, Title: b.Title, Version: b.Version,
			Document: b.Source.Document, URL: b.Source.URL,
			Sections: []Section{}, Controls: []Control{},
		}
		for _, c := range b.Controls {
			rb.Controls = append(rb.Controls, buildControl(c, cat, res, byCheck, run.Unavailable, unread))
		}
		for _, s := range b.Sections {
			var in []Control
			for _, c := range rb.Controls {
				if c.Section == s.ID {
					in = append(in, c)
				}
			}
			rb.Sections = append(rb.Sections, Section{ID: s.ID, Title: s.Title, Score: score(in)})
		}
		rb.Score = score(rb.Controls)
		out.Benchmarks = append(out.Benchmarks, rb)
	}
	return out
}

// buildControl decides one control's status from what its checks found,
// over every object and node they judged:
//
//	any finding that fails                      FAIL (what could not be read is named in the reason)
//	else anything not known (unknown rule, check error,
//	  unreadable kind or document)              ERROR, naming it
//	else any warning                            WARN
//	else any object judged                      PASS
//	else                                        SKIP, saying why nothing was judged
//
// docs/status-rules.md states the same rules for users.
func buildControl(c benchmarks.Control, cat *checks.Catalog, res *checks.Result, byCheck map[string][]checks.ObjectFinding, unavailable map[string]string, unread map[string][]checks.InputError) Control {
	rc := Control{
		ID: c.ID, Title: c.Title, Section: c.Section, Severity: c.Severity,
		Automated: c.Automated, Checks: c.Checks, Audit: strings.TrimSpace(c.Audit),
		Remediation: remediation(c, cat), Findings: []Finding{},
	}
	if !c.Automated {
		rc.Status = StatusManual
		rc.Reason = "manual control: a person follows the audit procedure"
		return rc
	}
	var errs []string
	fails, warns := 0, 0
	// kinds are named as GroupKind.String names them (Deployment,
	// NetworkPolicy.crd.projectcalico.org), the keys of unavailable;
	// names are the bare kind names, which unread documents carry.
	var kinds, names []string
	var unknown []checks.Unknown
	skipped := map[string]int{}
	for _, id := range c.Checks {
		rc.Evaluated = max(rc.Evaluated, res.Evaluated[id])
		for _, e := range res.CheckErrors[id] {
			errs = append(errs, fmt.Sprintf("check %s: %s", id, e))
		}
		if ch, ok := cat.Check(id); ok {
			kinds = append(kinds, checks.KindNames(ch.Kinds)...)
			for _, gk := range ch.Kinds {
				names = append(names, gk.Kind)
			}
		}
		for reason, n := range res.Skipped[id] {
			skipped[reason] += n
		}
		unknown = append(unknown, res.Unknown[id]...)
		for _, f := range byCheck[id] {
			status := StatusFail
			if f.Warn {
				status = StatusWarn
				warns++
			} else {
				fails++
			}
			origin := f.Origin
			rc.Findings = append(rc.Findings, Finding{
				Status: status, Check: id, Message: f.Message, Path: f.Path, Value: f.Value,
				Resource: f.Object, AffectedPods: f.AffectedPods, Origin: &origin,
			})
		}
	}
	sortFindings(rc.Findings)
	kinds = uniqueSorted(kinds)
	if len(unknown) > 0 {
		errs = append(errs, unknownReason(unknown))
	}
	for _, k := range kinds {
		if why, ok := unavailable[k]; ok {
			errs = append(errs, fmt.Sprintf("%s could not be read: %s", k, why))
		}
	}
	if s := unreadReason(uniqueSorted(names), unread); s != "" {
		errs = append(errs, s)
	}
	switch {
	case fails > 0:
		// What was read already fails; say what was not read too.
		rc.Status = StatusFail
		rc.Reason = strings.Join(errs, "; ")
	case len(errs) > 0:
		rc.Status = StatusError
		rc.Reason = strings.Join(errs, "; ")
	case warns > 0:
		rc.Status = StatusWarn
	case rc.Evaluated > 0:
		rc.Status = StatusPass
	case len(skipped) > 0:
		rc.Status = StatusSkip
		rc.Reason = skipReason(skipped)
	default:
		rc.Status = StatusSkip
		rc.Reason = emptyReason(kinds)
	}
	return rc
}

// maxNamed caps how many objects a reason names.
const maxNamed = 5

// unknownReason names the objects (nodes) a control's checks could not
// decide, and why, most common reason first.
func unknownReason(us []checks.Unknown) string {
	var parts []string
	seen := map[string]bool{}
	for _, u := range us {
		p := fmt.Sprintf("%s: %s", u.Object, u.Reason)
		if seen[p] {
			continue
		}
		seen[p] = true
		parts = append(parts, p)
	}
	sort.Strings(parts)
	more := ""
	if len(parts) > maxNamed {
		more = fmt.Sprintf("; and %d more", len(parts)-maxNamed)
		parts = parts[:maxNamed]
	}
	return fmt.Sprintf("not decided for %s: %s%s", plural(len(us), "object", "objects"), strings.Join(parts, "; "), more)
}

// unreadByKind groups the input documents that could not be read by the
// kind their text names ("" when it names none).
func unreadByKind(errs []checks.InputError) map[string][]checks.InputError {
	out := map[string][]checks.InputError{}
	for _, e := range errs {
		out[e.Kind] = append(out[e.Kind], e)
	}
	return out
}

// unreadReason says which unread input documents could have been judged by
// a control of kinds with these names: those of its kind names, and those
// whose kind is not known, which could have been anything. An unread
// document's kind is a name without a group (checks.InputError.Kind), so a
// document of another group with the same kind name counts too: the
// conservative direction.
func unreadReason(kinds []string, unread map[string][]checks.InputError) string {
	var docs []checks.InputError
	for _, k := range append([]string{""}, kinds...) {
		docs = append(docs, unread[k]...)
	}
	if len(docs) == 0 {
		return ""
	}
	names := make([]string, 0, min(len(docs), maxNamed))
	for _, d := range docs[:min(len(docs), maxNamed)] {
		names = append(names, d.Origin.String())
	}
	more := ""
	if len(docs) > maxNamed {
		more = fmt.Sprintf(" and %d more", len(docs)-maxNamed)
	}
	what := fmt.Sprintf("%d input documents that could have been judged here were", len(docs))
	if len(docs) == 1 {
		what = "1 input document that could have been judged here was"
	}
	return fmt.Sprintf("%s not read (%s%s)", what, strings.Join(names, ", "), more)
}

// emptyReason says why a control judged nothing and what would give it
// something to judge.
func emptyReason(kinds []string) string {
	if len(kinds) == 1 && kinds[0] == checks.NodeFacts.String() {
		return "no node facts were scanned (add --local-node, --node-facts FILE or --nodes)"
	}
	return "no object in the input is of a kind this control judges (" + strings.Join(kinds, ", ") + ")"
}

// skipReason lists why objects were not judged, most frequent first.
func skipReason(skipped map[string]int) string {
	reasons := make([]string, 0, len(skipped))
	for r := range skipped {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		if skipped[reasons[i]] != skipped[reasons[j]] {
			return skipped[reasons[i]] > skipped[reasons[j]]
		}
		return reasons[i] < reasons[j]
	})
	parts := make([]string, len(reasons))
	for i, r := range reasons {
		parts[i] = r
		if n := skipped[r]; n > 1 {
			parts[i] = fmt.Sprintf("%s (%d objects)", r, n)
		}
	}
	return "not judged: " + strings.Join(parts, "; ")
}

func remediation(c benchmarks.Control, cat *checks.Catalog) string {
	if s := strings.TrimSpace(c.Remediation); s != "" {
		return s
	}
	var parts []string
	for _, id := range c.Checks {
		if ch, ok := cat.Check(id); ok && !containsString(parts, ch.Remediation) {
			parts = append(parts, ch.Remediation)
		}
	}
	return strings.Join(parts, "\n")
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Status != b.Status {
			return a.Status == StatusFail // failures before warnings
		}
		if a.Resource.Namespace != b.Resource.Namespace {
			return a.Resource.Namespace < b.Resource.Namespace
		}
		if a.Resource.Kind != b.Resource.Kind {
			return a.Resource.Kind < b.Resource.Kind
		}
		if a.Resource.Name != b.Resource.Name {
			return a.Resource.Name < b.Resource.Name
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Message != b.Message {
			return a.Message < b.Message
		}
		return a.Check < b.Check
	})
}

// score counts statuses and computes the percentages over automated
// controls that passed or failed.
func score(controls []Control) Score {
	var s Score
	var w, wPass float64
	for _, c := range controls {
		switch c.Status {
		case StatusPass:
			s.Pass++
		case StatusFail:
			s.Fail++
		case StatusWarn:
			s.Warn++
		case StatusManual:
			s.Manual++
		case StatusSkip:
			s.Skip++
		case StatusError:
			s.Error++
		}
		if !c.Automated || (c.Status != StatusPass && c.Status != StatusFail) {
			continue
		}
		w += SeverityWeights[c.Severity]
		if c.Status == StatusPass {
			wPass += SeverityWeights[c.Severity]
		}
	}
	if n := s.Pass + s.Fail; n > 0 {
		s.Percent = percent(float64(s.Pass), float64(n))
	}
	if w > 0 {
		s.WeightedPercent = percent(wPass, w)
	}
	return s
}

func percent(part, whole float64) *float64 {
	p := math.Round(part/whole*1000) / 10
	return &p
}

func uniqueSorted(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
