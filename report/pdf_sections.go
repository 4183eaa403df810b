package report

import (
	"fmt"
	"slices"
	"strings"

	json "github.com/goccy/go-json"
)

// The parts of the evidence PDF, in the order they appear.

// statusOrder is the order statuses are shown in.
var statusOrder = []string{StatusPass, StatusFail, StatusError, StatusWarn, StatusSkip, StatusManual}

// statuses is the statuses the PDF's tables and charts count: WAIVED joins
// them when a waiver decided a control anywhere in the result, so that a
// waived control is never missing from a count that adds up otherwise.
func (e *evidence) statuses() []string {
	for _, b := range e.r.Benchmarks {
		if b.Score.Waived > 0 {
			return append(slices.Clone(statusOrder), StatusWaived)
		}
	}
	return statusOrder
}

// statusColumns is the columns of a table with a name, two percentages and
// a count per status, the name taking what the counts leave.
func (e *evidence) statusColumns(name string) []column {
	sts := e.statuses()
	w, score := 0.085, 0.1
	if len(sts) > len(statusOrder) {
		w, score = 0.08, 0.08
	}
	cols := []column{{name, 1 - score - 0.1 - w*float64(len(sts)), "L"}, {"Score", score, "R"}, {"Weighted", 0.1, "R"}}
	for _, s := range sts {
		cols = append(cols, column{columnTitle(s), w, "R"})
	}
	return cols
}

// columnTitle is a status as a table column's title.
func columnTitle(status string) string { return status[:1] + strings.ToLower(status[1:]) }

func scoreCount(s Score, status string) int {
	switch status {
	case StatusPass:
		return s.Pass
	case StatusFail:
		return s.Fail
	case StatusError:
		return s.Error
	case StatusWarn:
		return s.Warn
	case StatusSkip:
		return s.Skip
	case StatusManual:
		return s.Manual
	case StatusWaived:
		return s.Waived
	}
	return 0
}

// benchmark writes one benchmark: its summary, its sections with every
// control and the evidence of the failed and undecided ones, and the manual
// checklist.
func (e *evidence) benchmark(b Benchmark) {
	d := e.d
	d.newPage()
	d.f.Bookmark(d.clean(fontBold, fmt.Sprintf("%s (%s %s)", b.Title, b.ID, b.Version), false), 0, d.y())
	d.para(fontBold, 17, colAccent, 0, b.Title)
	meta := b.ID + " " + b.Version
	if b.Document != "" {
		meta += " · " + b.Document
	}
	d.para(fontRegular, 8.5, colMuted, 0, meta)
	if b.URL != "" {
		d.para(fontCode, 7.5, colMuted, 0, b.URL)
	}
	d.space(4)

	d.heading(12.5, "Summary", 1, "Summary")
	e.scoreBoxes(b.Score)
	e.chart(b.Score)

	d.heading(10.5, "By section", -1, "")
	cols := e.statusColumns("Section")
	var rows []tableRow
	scoreRow := func(title []span, s Score) tableRow {
		row := tableRow{title, {spanText(percentText(s.Percent))}, {spanText(percentText(s.WeightedPercent))}}
		for _, st := range e.statuses() {
			row = append(row, cell{spanText(fmt.Sprint(scoreCount(s, st)))})
		}
		return row
	}
	for _, s := range b.Sections {
		rows = append(rows, scoreRow(cell{spanText(sectionLabel(s))}, s.Score))
	}
	rows = append(rows, scoreRow(cell{spanBold("All sections")}, b.Score))
	d.table(cols, rows, true)

	e.severityTable(b)

	// Sections in definition order; a control whose section is not listed
	// goes to a last group of its own.
	bySection := map[string][]Control{}
	known := map[string]bool{}
	for _, s := range b.Sections {
		known[s.ID] = true
	}
	var manual []Control
	for _, c := range b.Controls {
		sec := c.Section
		if !known[sec] {
			sec = "\x00other"
		}
		bySection[sec] = append(bySection[sec], c)
		if c.Status == StatusManual {
			manual = append(manual, c)
		}
	}
	sections := b.Sections
	if len(bySection["\x00other"]) > 0 {
		sections = append(slices.Clone(sections), Section{ID: "\x00other", Title: "Controls outside the listed sections"})
	}
	for _, s := range sections {
		e.section(s, bySection[s.ID])
	}
	e.checklist(b, manual)
}

// scoreBoxes writes the two percentages large, and what they mean.
func (e *evidence) scoreBoxes(s Score) {
	d := e.d
	d.need(24)
	y := d.y()
	box := func(x float64, label string, p *float64) {
		d.fill(colBoxFill)
		d.draw(colRule)
		d.f.SetLineWidth(0.2)
		d.f.Rect(x, y, 52, 16, "FD")
		d.setFont(fontRegular, 8)
		d.setColor(colMuted)
		d.f.SetXY(x+3, y+2)
		d.f.CellFormat(46, 4, label, "", 0, "L", false, 0, "")
		d.setFont(fontBold, 16)
		d.setColor(colAccent)
		d.f.SetXY(x+3, y+7)
		d.f.CellFormat(46, 7, percentText(p), "", 0, "L", false, 0, "")
	}
	box(marginSide, "Score", s.Percent)
	box(marginSide+56, "Weighted by severity", s.WeightedPercent)
	d.f.SetXY(marginSide+114, y)
	expl := "Score: passed ÷ (passed + failed + errored) over the automated controls; an ERROR control is not met. " +
		"Weighted: each weighs by its severity (critical 10, high 6, medium 3, low 1, info 0). SKIP, WARN, MANUAL and WAIVED " +
		"controls count in neither; n/a when no automated control passed or failed."
	lines := d.wrap(fontRegular, 7, expl, d.contentW()-114)
	d.setColor(colMuted)
	ly := y
	for _, l := range lines {
		d.f.SetXY(marginSide+114, ly)
		d.f.CellFormat(d.contentW()-114, lineH(7), l, "", 0, "L", false, 0, "")
		ly += lineH(7)
	}
	d.setY(max(y+16, ly) + 5)
	d.setColor(colText)
}

// chart draws the controls by status as horizontal bars, each labelled with
// its status word and count.
func (e *evidence) chart(s Score) {
	d := e.d
	const barH, gap, labelW, countW = 5.0, 2.2, 20.0, 26.0
	d.heading(10.5, "Controls by status", -1, "")
	sts := e.statuses()
	d.need(float64(len(sts))*(barH+gap) + 4)
	most := 0
	for _, st := range sts {
		most = max(most, scoreCount(s, st))
	}
	trackW := d.contentW() - labelW - countW
	y := d.y()
	for _, st := range sts {
		n := scoreCount(s, st)
		d.setFont(fontBold, 8)
		d.setColor(statusColor(st))
		d.f.SetXY(marginSide, y+0.5)
		d.f.CellFormat(labelW, 4, st, "", 0, "L", false, 0, "")
		d.fill(colTrack)
		d.f.Rect(marginSide+labelW, y, trackW, barH, "F")
		w := 0.0
		if most > 0 && n > 0 {
			w = max(trackW*float64(n)/float64(most), 0.8)
			c := statusColor(st)
			d.fill(c)
			d.f.Rect(marginSide+labelW, y, w, barH, "F")
		}
		d.setFont(fontRegular, 8)
		d.setColor(colText)
		d.f.SetXY(marginSide+labelW+trackW+2, y+0.5)
		d.f.CellFormat(countW-2, 4, fmt.Sprintf("%s %d", st, n), "", 0, "L", false, 0, "")
		y += barH + gap
	}
	d.setY(y + 3)
}

var severityOrder = []string{"critical", "high", "medium", "low", "info"}

// severityTable counts the controls by severity and status.
func (e *evidence) severityTable(b Benchmark) {
	d := e.d
	counts := map[string]map[string]int{}
	sevs := slices.Clone(severityOrder)
	for _, c := range b.Controls {
		sev := c.Severity
		if sev == "" {
			sev = "(none)"
		}
		if counts[sev] == nil {
			counts[sev] = map[string]int{}
			if !slices.Contains(sevs, sev) {
				sevs = append(sevs, sev)
			}
		}
		counts[sev][c.Status]++
	}
	d.heading(10.5, "By severity and status", -1, "")
	sts := e.statuses()
	w := 0.11
	if len(sts) > len(statusOrder) {
		w = 0.095
	}
	cols := []column{{"Severity", 0.2, "L"}}
	for _, s := range sts {
		cols = append(cols, column{columnTitle(s), w, "R"})
	}
	cols = append(cols, column{"Total", 0.8 - w*float64(len(sts)), "R"})
	var rows []tableRow
	totals := map[string]int{}
	for _, sev := range sevs {
		if counts[sev] == nil {
			continue
		}
		row := tableRow{{spanText(sev)}}
		sum := 0
		for _, st := range sts {
			n := counts[sev][st]
			sum += n
			totals[st] += n
			row = append(row, cell{spanText(fmt.Sprint(n))})
		}
		rows = append(rows, append(row, cell{spanBold(fmt.Sprint(sum))}))
	}
	row := tableRow{{spanBold("All")}}
	for _, st := range sts {
		row = append(row, cell{spanBold(fmt.Sprint(totals[st]))})
	}
	rows = append(rows, append(row, cell{spanBold(fmt.Sprint(len(b.Controls)))}))
	d.table(cols, rows, true)
}

// section writes a section's controls, one line each, then the evidence of
// those that failed, warned or could not be decided.
func (e *evidence) section(s Section, controls []Control) {
	d := e.d
	label := sectionLabel(s)
	if s.ID == "\x00other" {
		label = s.Title
	}
	d.heading(12.5, "Section "+label, 1, "Section "+label)
	sc := s.Score
	if s.ID != "\x00other" {
		parts := []string{"score " + percentText(sc.Percent), "weighted " + percentText(sc.WeightedPercent)}
		for _, st := range e.statuses() {
			if n := scoreCount(sc, st); n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, st))
			}
		}
		d.para(fontRegular, 8, colMuted, 0, strings.Join(parts, " · "))
		d.space(1.5)
	}
	if len(controls) == 0 {
		d.para(fontRegular, 8.5, colText, 0, "No controls.")
		d.space(3)
		return
	}
	var rows []tableRow
	for _, c := range controls {
		title := cell{spanText(c.Title)}
		switch c.Status {
		case StatusSkip:
			if c.Reason != "" {
				title = append(title, spanMuted("skipped: "+capText(c.Reason, 600)))
			}
		case StatusFail, StatusError, StatusWarn, StatusWaived:
			title = append(title, spanMuted("evidence below"))
		case StatusManual:
			title = append(title, spanMuted("manual: see the checklist"))
		}
		rows = append(rows, tableRow{{spanBold(c.ID)}, title, {spanText(c.Severity)}, {spanStatus(c.Status)},
			{spanText(fmt.Sprint(c.Evaluated))}})
	}
	d.table([]column{{"Control", 0.25, "L"}, {"Title", 0.43, "L"}, {"Severity", 0.11, "L"},
		{"Status", 0.11, "L"}, {"Judged", 0.10, "R"}}, rows, true)
	for _, c := range controls {
		if c.Status == StatusFail || c.Status == StatusError || c.Status == StatusWarn || c.Status == StatusWaived {
			e.control(c)
		}
	}
}

// control writes a failed, warned or undecided control with its evidence.
func (e *evidence) control(c Control) {
	d := e.d
	const badgeW = 16.0
	titleLines := d.wrap(fontBold, 10, c.ID+"  "+c.Title, d.contentW()-badgeW-3)
	h := lineH(10)
	d.need(float64(len(titleLines))*h + 30)
	d.f.Bookmark(d.clean(fontBold, fmt.Sprintf("%s %s (%s)", c.ID, c.Title, c.Status), false), 2, d.y())
	y := d.y()
	d.fill(statusColor(c.Status))
	d.f.Rect(marginSide, y, badgeW, h, "F")
	d.setFont(fontBold, 8)
	d.setColor(colWhite)
	d.f.SetXY(marginSide, y)
	d.f.CellFormat(badgeW, h, c.Status, "", 0, "C", false, 0, "")
	d.setFont(fontBold, 10)
	d.setColor(colText)
	for _, l := range titleLines {
		d.f.SetXY(marginSide+badgeW+3, y)
		d.f.CellFormat(d.contentW()-badgeW-3, h, l, "", 0, "L", false, 0, "")
		y += h
	}
	d.setY(y + 1)
	meta := []string{"severity " + orNone(c.Severity, "(none)")}
	if len(c.Checks) > 0 {
		meta = append(meta, "checks "+strings.Join(c.Checks, ", "))
	}
	meta = append(meta, plural(c.Evaluated, "object", "objects")+" judged", plural(c.FindingCount(), "finding", "findings"))
	d.para(fontRegular, 8, colMuted, 0, strings.Join(meta, " · "))
	d.space(1)
	if c.Reason != "" {
		d.label("Reason", capText(c.Reason, 4000), fontRegular, 8.5)
		d.space(1)
	}
	if findings := e.r.ControlFindings(&c); len(findings) > 0 {
		shown := findings
		if len(shown) > e.max {
			shown = shown[:e.max]
		}
		var rows []tableRow
		for i, f := range shown {
			rows = append(rows, findingRow(i+1, f))
		}
		d.table([]column{{"#", 0.05, "R"}, {"Object", 0.33, "L"}, {"Finding", 0.62, "L"}}, rows, false)
		if more := len(findings) - len(shown); more > 0 {
			d.space(-1.5)
			d.para(fontBold, 8.5, colText, 0, fmt.Sprintf("and %d more (see the JSON result)", more))
			d.space(1.5)
		}
	}
	if c.Remediation != "" {
		d.label("Remediation", reflow(c.Remediation), fontRegular, 8.5)
	}
	d.space(5)
}

func findingRow(n int, f Finding) tableRow {
	obj := cell{spanBold(f.Resource.String())}
	if f.Resource.APIVersion != "" {
		obj = append(obj, spanMuted(f.Resource.APIVersion))
	}
	if f.AffectedPods > 0 {
		obj = append(obj, spanText(plural(f.AffectedPods, "affected pod", "affected pods")))
	}
	if f.Origin != nil && f.Origin.File != "" {
		obj = append(obj, spanMuted("from "+f.Origin.String()))
	}
	finding := cell{spanText(capText(f.Message, 1500))}
	if f.Path != "" {
		finding = append(finding, spanMono("field: "+capText(f.Path, 500)))
	}
	if f.Value != nil {
		v, err := json.MarshalWithOption(f.Value, json.DisableHTMLEscape())
		s := string(v)
		if err != nil {
			s = fmt.Sprint(f.Value)
		}
		finding = append(finding, spanMono("value: "+capText(s, 600)))
	}
	if wv := f.Waiver; wv != nil {
		finding = append(finding, spanText(capText(fmt.Sprintf("waived by %s (%s, until %s; was %s): %s", wv.ID, cmpOr(wv.Owner, "no owner given"), wv.Expires, wv.Was, wv.Justification), 1000)))
	}
	finding = append(finding, spanMuted(strings.TrimSpace(f.Status+" · check "+f.Check)))
	return tableRow{{spanMuted(fmt.Sprint(n))}, obj, finding}
}

// checklist writes the manual controls as a checklist for the auditor.
func (e *evidence) checklist(b Benchmark, manual []Control) {
	d := e.d
	if len(manual) == 0 {
		return
	}
	d.newPage()
	d.heading(12.5, fmt.Sprintf("Manual checklist: %s", b.Title), 1, fmt.Sprintf("Manual checklist (%d controls)", len(manual)))
	d.para(fontRegular, 8.5, colText, 0, fmt.Sprintf("kubeassay does not decide these %d controls: each needs an auditor "+
		"to follow its audit procedure and record the result below.", len(manual)))
	d.space(3)
	for _, c := range manual {
		e.checklistItem(c)
	}
}

func (e *evidence) checklistItem(c Control) {
	d := e.d
	const boxH = 33.0
	audit := reflow(orNone(c.Audit, orNone(c.Reason, "No audit procedure is given.")))
	title := d.wrap(fontBold, 9.5, c.ID+"  "+c.Title, d.contentW())
	auditLines := d.wrap(fontRegular, 8.5, audit, d.contentW()-28)
	h := float64(len(title))*lineH(9.5) + lineH(8) + float64(len(auditLines))*lineH(8.5) + boxH + 8
	if h < d.limit()-marginTop-4 {
		d.need(h)
	} else {
		d.need(float64(len(title))*lineH(9.5) + 30)
	}
	d.para(fontBold, 9.5, colText, 0, c.ID+"  "+c.Title)
	meta := "severity " + orNone(c.Severity, "(none)") + " · section " + orNone(c.Section, "(none)")
	d.para(fontRegular, 8, colMuted, 0, meta)
	d.space(1)
	d.label("Audit", audit, fontRegular, 8.5)
	d.space(1.5)
	d.need(boxH)
	y := d.y()
	d.fill(colBoxFill)
	d.draw(colRule)
	d.f.SetLineWidth(0.2)
	d.f.Rect(marginSide, y, d.contentW(), boxH-3, "FD")
	x := marginSide + 3
	d.setFont(fontBold, 8.5)
	d.setColor(colText)
	d.f.SetXY(x, y+2.5)
	d.f.CellFormat(18, 4, "Result", "", 0, "L", false, 0, "")
	cx := x + 18
	for _, l := range []string{"Pass", "Fail", "Not applicable"} {
		cx += d.checkbox(cx, y+2.5, l)
	}
	line := func(lx, ly, w float64, labelText string) {
		d.setFont(fontRegular, 7.5)
		d.setColor(colMuted)
		d.f.SetXY(lx, ly-3.5)
		d.f.CellFormat(w, 3.5, labelText, "", 0, "L", false, 0, "")
		d.draw(colMuted)
		d.f.SetLineWidth(0.2)
		d.f.Line(lx+d.textW(labelText)+1.5, ly, lx+w, ly)
	}
	inner := d.contentW() - 6
	line(x, y+13.5, inner, "Notes, evidence reviewed")
	line(x, y+20.5, inner, "")
	line(x, y+27, inner*0.4-3, "Auditor name")
	line(x+inner*0.4, y+27, inner*0.22-3, "Date")
	line(x+inner*0.62, y+27, inner*0.38, "Signature")
	d.setY(y + boxH + 3)
}

// appendix says how the report was produced and how to verify it.
func (e *evidence) appendix() {
	d, md := e.d, e.r.Metadata
	d.newPage()
	d.heading(15, "Appendix: how this report was produced", 0, "Appendix: how this report was produced")

	d.heading(11, "Command line", 1, "Command line")
	if len(md.Command) > 0 {
		d.para(fontRegular, 8.5, colText, 0, "The scan ran as (kubeassay's own arguments; no credential is ever one of them):")
		d.space(1)
		d.code(shellQuote(md.Command))
	} else {
		d.para(fontRegular, 8.5, colText, 0, "The command line is not recorded in this result.")
		d.space(2)
	}

	d.heading(11, "JSON result and its SHA-256", 1, "JSON result SHA-256")
	d.para(fontRegular, 8.5, colText, 0, "This PDF renders one scan result. The same result written by kubeassay's JSON writer "+
		"(-o json=FILE) has this SHA-256:")
	d.space(1)
	d.code(e.sum)
	d.para(fontRegular, 8.5, colText, 0, "The JSON writer is deterministic, so a JSON file written by the same scan "+
		"(kubeassay scan … -o json=result.json -o pdf=evidence.pdf writes both) has exactly this hash. Verify it with:")
	d.space(1)
	d.code("sha256sum result.json")
	if e.signedBy != "" {
		d.para(fontRegular, 8.5, colText, 0, "The JSON result was signed when it was written (ed25519, a detached signature beside it, result.json.sig) "+
			"with the key whose public key has the fingerprint:")
		d.space(1)
		d.code(e.signedBy)
		d.para(fontRegular, 8.5, colText, 0, "With that public key, check that the result is the one signed, and so the one this PDF renders:")
		d.space(1)
		d.code("kubeassay verify result.json --key kubeassay.pub")
		d.code("openssl pkeyutl -verify -pubin -inkey kubeassay.pub -rawin -in result.json -sigfile result.json.sig")
	}
	d.para(fontRegular, 8.5, colText, 0, "and render this report again from that file with:")
	d.space(1)
	d.code("kubeassay report result.json -o pdf=evidence.pdf")
	d.para(fontRegular, 8.5, colText, 0, "With the same kubeassay version and paper size the PDF comes out the same, byte for byte: "+
		"its creation date is the scan's finish time and nothing in it is random. Every page's footer carries the hash. "+
		"Running the command line above again is a new scan: it has new start and finish times, so its JSON has another hash.")
	d.space(3)

	d.heading(11, "Policy digest", 1, "Policy digest")
	d.code(orNone(md.PolicyDigest, "not recorded"))
	d.para(fontRegular, 8.5, colText, 0, "The SHA-256 of the embedded checks and benchmark definitions the scan used. "+
		"Two reports with the same digest were judged by the same rules; "+fmt.Sprintf("the scan ran kubeassay %s.", orNone(md.ToolVersion, "(version not recorded)")))
	for _, pd := range md.PolicyDirs {
		d.space(1.5)
		d.para(fontRegular, 8.5, colText, 0, "The scan also loaded checks and benchmark definitions that are not kubeassay's, "+
			describePolicyDir(pd)+"; the digest covers them, and their own is "+pd.Digest+".")
	}
	d.space(3)

	d.heading(11, "What the statuses mean", 1, "What the statuses mean")
	var rows []tableRow
	for _, s := range []struct{ status, meaning string }{
		{StatusPass, "Everything the control needs was read, at least one object or node was judged, and none is at fault."},
		{StatusFail, "Something that was read is wrong; the findings name the objects. The reason also names what could not be read, if anything."},
		{StatusError, "The control could not be decided: an object or node its checks could not judge, a kind that could not be listed, " +
			"an input document that could not be read. A control never passes on data that was not read."},
		{StatusWarn, "Something worth a look that is not a failure."},
		{StatusSkip, "Nothing was there to judge: every object was out of the control's scope, or the input held no object of its kinds. The reason says which."},
		{StatusManual, "The benchmark marks the control as not automated: an auditor follows the audit procedure (see the checklist)."},
		{StatusWaived, "Every finding left is accepted by a waiver with a justification, an owner and an expiry date (listed in the waivers table). Waived controls are not counted in the scores."},
	} {
		rows = append(rows, tableRow{{spanStatus(s.status)}, {spanText(s.meaning)}})
	}
	d.table([]column{{"Status", 0.14, "L"}, {"Meaning", 0.86, "L"}}, rows, true)
	d.para(fontRegular, 8, colMuted, 0, "Findings list the objects at fault; objects that pass are counted (Judged), not listed. "+
		"Objects owned by a controller in the input are reported through their top-level owner, with the pods that share the fault counted. "+
		fmt.Sprintf("Each control lists at most %d findings; the JSON result has them all.", e.max))
	d.space(3)

	if ws := e.r.Waivers; len(ws) > 0 {
		d.heading(11, fmt.Sprintf("Waivers (%d)", len(ws)), 1, "Waivers")
		var rows []tableRow
		for _, w := range ws {
			what := cell{spanBold(w.ID), spanMuted(strings.Join(cmpList(w.Controls, w.Checks), ", ")), spanMuted(capText(w.Source, 300))}
			why := cell{spanText(capText(w.Justification, 1000))}
			if w.Reason != "" {
				why = append(why, spanMuted(capText(w.Reason, 600)))
			}
			rows = append(rows, tableRow{what, {spanText(w.State)}, {spanText(fmt.Sprint(w.Findings))},
				{spanText(cmpOr(w.Owner, "-")), spanMuted("until " + w.Expires)}, why})
		}
		d.table([]column{{"Waiver", 0.22, "L"}, {"State", 0.09, "L"}, {"Findings", 0.09, "R"}, {"Owner", 0.28, "L"}, {"Justification", 0.32, "L"}}, rows, true)
		d.space(3)
	}

	if n := len(e.r.Errors); n > 0 {
		const most = 100
		d.heading(11, fmt.Sprintf("Input documents that could not be read (%d)", n), 1, "Input documents that could not be read")
		var rows []tableRow
		for i, ie := range e.r.Errors {
			if i == most {
				break
			}
			kind := ie.Kind
			if kind == "" {
				kind = "(unknown: leaves every automated control ERROR)"
			}
			where := ie.Origin.String()
			if ie.Object != nil {
				where += " (" + ie.Object.String() + ")"
			}
			rows = append(rows, tableRow{{spanMono(capText(where, 400))}, {spanText(kind)}, {spanText(capText(ie.Message, 1000))}})
		}
		d.table([]column{{"Document", 0.36, "L"}, {"Kind", 0.18, "L"}, {"Why it could not be read", 0.46, "L"}}, rows, true)
		if n > most {
			d.para(fontBold, 8.5, colText, 0, fmt.Sprintf("and %d more (see the JSON result)", n-most))
			d.space(2)
		}
	}

	// The closing line names the page count, so that a missing last page
	// shows; it is written on the page it names. It also puts the digits of
	// the total into the font subset, which "page N of {nb}", filled in when
	// the document closes, needs.
	d.need(lineH(9) + 4)
	d.space(2)
	// The footer's page numbers are drawn in the regular font, whose subset
	// thereby gets the total's digits.
	d.para(fontRegular, 9, colText, 0, fmt.Sprintf("End of the evidence report: %d pages.", d.f.PageNo()))
}
