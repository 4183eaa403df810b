// Package verdict decides each control's status from what the engine found,
// over every object and node its checks looked at, and scores controls,
// sections and benchmarks: the rules of docs/status-rules.md, in one place.
// It computes the report's model (report.Result); writers only render it.
package verdict

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/kubeassay/kubeassay/benchmarks"
	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/waivers"
)

// Run describes the scan for the report's metadata.
type Run struct {
	ToolVersion string
	StartedAt   time.Time
	FinishedAt  time.Time
	Source      report.Source
	// Unavailable holds the kinds the source could not read, with the
	// reason: controls that judge them are ERROR unless they already failed.
	// Kinds are named by checks.GroupKind.String.
	Unavailable map[string]string
	// Cluster describes the live cluster scanned, if any.
	Cluster *report.Cluster
	// Selection is how the benchmarks were chosen, when the scan chose
	// them (-b auto).
	Selection *report.Selection
	// Command, PolicyDigest and PolicyDirs go into the metadata as they are.
	Command      []string
	PolicyDigest string
	PolicyDirs   []report.PolicyDir
	// Waivers, when set, decides which findings are WAIVED; the report
	// lists each waiver with what became of it.
	Waivers *waivers.Set
}

// SeverityWeights weigh controls in Score.WeightedPercent.
var SeverityWeights = map[string]float64{"critical": 10, "high": 6, "medium": 3, "low": 1, "info": 0}

// Build computes every control's status, the findings it lists and the
// scores, for each benchmark, from what the engine found.
func Build(run Run, bs []*benchmarks.Benchmark, cat *checks.Catalog, res *checks.Result) *report.Result {
	byCheck := map[string][]checks.ObjectFinding{}
	for _, f := range res.Findings {
		byCheck[f.CheckID] = append(byCheck[f.CheckID], f)
	}
	unread := unreadByKind(res.InputErrors)
	out := &report.Result{
		APIVersion: report.APIVersion,
		Kind:       report.Kind,
		Metadata: report.Metadata{
			ToolVersion:  run.ToolVersion,
			StartedAt:    run.StartedAt.UTC(),
			FinishedAt:   run.FinishedAt.UTC(),
			Source:       run.Source,
			Objects:      res.Objects,
			Templates:    res.Templates,
			Shapes:       res.Shapes,
			Cluster:      run.Cluster,
			Selection:    run.Selection,
			Command:      run.Command,
			PolicyDigest: run.PolicyDigest,
			PolicyDirs:   run.PolicyDirs,
		},
		Checks:     []report.CheckResult{},
		Benchmarks: []report.Benchmark{},
		Errors:     append([]report.InputError{}, res.InputErrors...),
	}
	if run.Waivers != nil {
		run.Waivers.Annotate(res.Annotated)
	}
	// Each check's findings are decided once, for every control that maps it.
	records := map[string]*checkRecord{}
	for _, b := range bs {
		for _, c := range b.Controls {
			if !c.Automated {
				continue
			}
			for _, id := range c.Checks {
				if records[id] == nil {
					records[id] = buildCheck(id, cat, res, byCheck[id], run.Unavailable, unread, run.Waivers)
				}
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(records)) {
		out.Checks = append(out.Checks, records[id].CheckResult)
	}
	for _, b := range bs {
		rb := report.Benchmark{
			ID: b.ID, Title: b.Title, Version: b.Version,
			Document: b.Source.Document, URL: b.Source.URL,
			Sections: []report.Section{}, Controls: []report.Control{},
		}
		for _, c := range b.Controls {
			rb.Controls = append(rb.Controls, buildControl(c, cat, res, records, run.Unavailable, unread))
		}
		for _, s := range b.Sections {
			var in []report.Control
			for _, c := range rb.Controls {
				if c.Section == s.ID {
					in = append(in, c)
				}
			}
			rb.Sections = append(rb.Sections, report.Section{ID: s.ID, Title: s.Title, Score: score(in)})
		}
		rb.Score = score(rb.Controls)
		out.Benchmarks = append(out.Benchmarks, rb)
	}
	if run.Waivers != nil {
		out.Waivers = run.Waivers.Records()
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
//	else any finding waived                     WAIVED
//	else any object judged                      PASS
//	else                                        SKIP, saying why nothing was judged
//
// docs/status-rules.md states the same rules for users.
func buildControl(c benchmarks.Control, cat *checks.Catalog, res *checks.Result, records map[string]*checkRecord, unavailable map[string]string, unread map[string][]checks.InputError) report.Control {
	rc := report.Control{
		ID: c.ID, Title: c.Title, Section: c.Section, Severity: c.Severity,
		Automated: c.Automated, Checks: c.Checks, Audit: strings.TrimSpace(c.Audit),
		Remediation: remediation(c, cat),
	}
	if !c.Automated {
		rc.Status = report.StatusManual
		rc.Reason = "manual control: a person follows the audit procedure"
		return rc
	}
	var errs []string
	fails, warns, waived := 0, 0, 0
	// kinds are named as GroupKind.String names them (Deployment,
	// NetworkPolicy.crd.projectcalico.org), the keys of unavailable;
	// names are the bare kind names, which unread documents carry.
	var kinds, names, spaces []string
	var unknown []checks.Unknown
	var unproven []string
	skipped := map[string]int{}
	for _, id := range c.Checks {
		rc.Evaluated = max(rc.Evaluated, res.Evaluated[id])
		for _, e := range res.CheckErrors[id] {
			errs = append(errs, fmt.Sprintf("check %s: %s", id, e))
		}
		ch, known := cat.Check(id)
		if known {
			kinds = append(kinds, checks.KindNames(ch.Kinds)...)
			for _, gk := range ch.Kinds {
				names = append(names, gk.Kind)
			}
			if ch.EveryKind {
				spaces = append(spaces, ch.Namespaces...)
				// Any kind the source could not read, and any document
				// it could not, may hide an object this check judges.
				for k := range unavailable {
					if checks.MayBeNamespaced(k) {
						kinds = append(kinds, k)
					}
				}
				for k := range unread {
					if checks.MayBeNamespaced(k) {
						names = append(names, k)
					}
				}
			}
		}
		for reason, n := range res.Skipped[id] {
			skipped[reason] += n
		}
		unknown = append(unknown, res.Unknown[id]...)
		rec := records[id]
		unproven = append(unproven, rec.unproven...)
		for _, f := range rec.Findings {
			switch f.Status {
			case report.StatusWarn:
				warns++
			case report.StatusWaived:
				waived++
			default:
				fails++
			}
		}
	}
	rc.Failed, rc.Warned, rc.Waived = fails, warns, waived
	kinds = uniqueSorted(kinds)
	if len(unknown) > 0 {
		errs = append(errs, unknownReason(unknown))
	}
	if len(unproven) > 0 {
		errs = append(errs, unprovenReason(uniqueSorted(unproven)))
	}
	errs = append(errs, unavailableReasons(kinds, unavailable)...)
	if s := unreadReason(uniqueSorted(names), unread); s != "" {
		errs = append(errs, s)
	}
	switch {
	case fails > 0:
		// What was read already fails; say what was not read too.
		rc.Status = report.StatusFail
		rc.Reason = strings.Join(errs, "; ")
	case len(errs) > 0:
		rc.Status = report.StatusError
		rc.Reason = strings.Join(errs, "; ")
	case warns > 0:
		rc.Status = report.StatusWarn
	case waived > 0:
		rc.Status = report.StatusWaived
		rc.Reason = waivedReason(records, c.Checks)
	case rc.Evaluated > 0:
		rc.Status = report.StatusPass
	case len(skipped) > 0:
		rc.Status = report.StatusSkip
		rc.Reason = skipReason(skipped)
	default:
		rc.Status = report.StatusSkip
		rc.Reason = emptyReason(kinds, uniqueSorted(spaces))
	}
	return rc
}

// waivedReason names the waivers that accept the findings of checks.
func waivedReason(records map[string]*checkRecord, checkIDs []string) string {
	var ids []string
	for _, id := range checkIDs {
		for _, f := range records[id].Findings {
			if f.Waiver != nil {
				ids = append(ids, f.Waiver.ID)
			}
		}
	}
	ids = uniqueSorted(ids)
	more := ""
	if len(ids) > maxNamed {
		ids, more = ids[:maxNamed], fmt.Sprintf(" and %d more", len(ids)-maxNamed)
	}
	return "every finding is waived (" + strings.Join(ids, ", ") + more + "); waived controls are not counted in the score"
}

// checkRecord is one check's findings, decided once for every control
// that maps it, and the findings withheld as unproven.
type checkRecord struct {
	report.CheckResult
	unproven []string
}

// buildCheck records what check id found. An absence check's failure is
// withheld, as unproven, while an object of another kind it reads could not
// be read: that object could be the one the finding says is missing.
func buildCheck(id string, cat *checks.Catalog, res *checks.Result, found []checks.ObjectFinding, unavailable map[string]string, unread map[string][]checks.InputError, ws *waivers.Set) *checkRecord {
	rec := &checkRecord{CheckResult: report.CheckResult{ID: id, Evaluated: res.Evaluated[id], Findings: []report.Finding{}}}
	ch, known := cat.Check(id)
	if known {
		rec.Title, rec.Severity = ch.Title, ch.Severity
	}
	for _, f := range found {
		if known && ch.Absence && !f.Warn && disprovable(ch, f.Object, unavailable, unread) {
			rec.unproven = append(rec.unproven, f.Object.String())
			continue
		}
		status := report.StatusFail
		if f.Warn {
			status = report.StatusWarn
		}
		origin := f.Origin
		var fw *report.FindingWaiver
		if ws != nil {
			if w := ws.Waive(id, f.Object, f.Tags); w != nil {
				fw = &report.FindingWaiver{ID: w.ID, Was: status, Justification: w.Justification, Owner: w.Owner, Expires: w.Expires}
				status = report.StatusWaived
			}
		}
		rec.Findings = append(rec.Findings, report.Finding{
			Status: status, Check: id, Message: f.Message, Path: f.Path, Value: f.Value,
			Resource: f.Object, AffectedPods: f.AffectedPods, Origin: &origin, Waiver: fw,
		})
	}
	report.SortFindings(rec.Findings)
	return rec
}

// disprovable reports whether an object of a kind the absence check reads,
// other than the finding's own kind, could not be read: such an object
// could be the one the finding says is missing.
func disprovable(ch *checks.Check, obj checks.ObjectRef, unavailable map[string]string, unread map[string][]checks.InputError) bool {
	group := checks.GroupOf(obj.APIVersion)
	for _, gk := range ch.Kinds {
		if gk.Kind == obj.Kind && gk.Group == group {
			continue
		}
		if _, ok := unavailable[gk.String()]; ok {
			return true
		}
		if _, ok := unread[gk.Kind]; ok {
			return true
		}
	}
	return false
}

// unprovenReason says which findings of an absence check were withheld.
func unprovenReason(refs []string) string {
	named := refs
	more := ""
	if len(refs) > maxNamed {
		named, more = refs[:maxNamed], fmt.Sprintf(" and %d more", len(refs)-maxNamed)
	}
	return fmt.Sprintf("%d objects may lack what the control asks for (%s%s), unproven while a kind that could provide it was not read",
		len(refs), strings.Join(named, ", "), more)
}

// maxNamed caps how many objects a reason names.
const maxNamed = 5

// unavailableReasons says which of kinds could not be read and why: each
// with its reason, or, past maxNamed of them (a check of every kind, with
// credentials that may list few), how many, the first few by name and the
// first reason; the report lists every one under the cluster.
func unavailableReasons(kinds []string, unavailable map[string]string) []string {
	var missing []string
	for _, k := range kinds {
		if _, ok := unavailable[k]; ok {
			missing = append(missing, k)
		}
	}
	if len(missing) <= maxNamed {
		out := make([]string, len(missing))
		for i, k := range missing {
			out[i] = fmt.Sprintf("%s could not be read: %s", k, unavailable[k])
		}
		return out
	}
	return []string{fmt.Sprintf("%d kinds could not be read (%s and %d more, listed with the cluster), %s: %s",
		len(missing), strings.Join(missing[:maxNamed], ", "), len(missing)-maxNamed, missing[0], unavailable[missing[0]])}
}

// unknownReason names the objects (nodes) a control's checks could not
// decide, and why, in order; an inventory check's reasons, which name no
// object, are given as they are.
func unknownReason(us []checks.Unknown) string {
	var parts []string
	seen := map[string]bool{}
	for _, u := range us {
		p := u.Reason
		if u.Object.Name != "" {
			p = fmt.Sprintf("%s: %s", u.Object, u.Reason)
		}
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
	// An inventory check's reason is about the inventory as a whole, not
	// one object: only the unknowns that name an object are counted.
	named := 0
	for _, u := range us {
		if u.Object.Name != "" {
			named++
		}
	}
	if named == 0 {
		return fmt.Sprintf("not decided: %s%s", strings.Join(parts, "; "), more)
	}
	return fmt.Sprintf("not decided for %s: %s%s", objectCount(named), strings.Join(parts, "; "), more)
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
func emptyReason(kinds, namespaces []string) string {
	if len(kinds) == 1 && kinds[0] == checks.NodeFacts.String() {
		return "no node facts were scanned (add --local-node, --node-facts FILE or --nodes)"
	}
	if len(kinds) == 0 {
		return "no object in the input is in the namespaces this control judges (" + strings.Join(namespaces, ", ") + ")"
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
		if ch, ok := cat.Check(id); ok && !slices.Contains(parts, ch.Remediation) {
			parts = append(parts, ch.Remediation)
		}
	}
	return strings.Join(parts, "\n")
}

// score counts statuses and computes the percentages over automated
// controls that passed or failed.
func score(controls []report.Control) report.Score {
	var s report.Score
	var w, wPass float64
	for _, c := range controls {
		switch c.Status {
		case report.StatusPass:
			s.Pass++
		case report.StatusFail:
			s.Fail++
		case report.StatusWarn:
			s.Warn++
		case report.StatusManual:
			s.Manual++
		case report.StatusSkip:
			s.Skip++
		case report.StatusError:
			s.Error++
		case report.StatusWaived:
			s.Waived++
		}
		// ERROR counts against the score like FAIL: a control that could
		// not be decided is not met, and input that breaks must never
		// raise a score (a FAIL turned ERROR would, if ERROR were left out).
		if !c.Automated || (c.Status != report.StatusPass && c.Status != report.StatusFail && c.Status != report.StatusError) {
			continue
		}
		w += SeverityWeights[c.Severity]
		if c.Status == report.StatusPass {
			wPass += SeverityWeights[c.Severity]
		}
	}
	// With nothing decided (every automated control ERROR), there is no
	// score to claim: n/a, not 0 %.
	if n := s.Pass + s.Fail + s.Error; s.Pass+s.Fail > 0 {
		s.Percent = percent(float64(s.Pass), float64(n))
	}
	if w > 0 && s.Pass+s.Fail > 0 {
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

func objectCount(n int) string {
	if n == 1 {
		return "1 object"
	}
	return fmt.Sprintf("%d objects", n)
}
