package compare

import (
	"fmt"
	"io"
	"strings"

	"github.com/kubeassay/kubeassay/report"
)

// writePDF renders the comparison with the evidence PDF's look: the results
// compared, per benchmark the scores and the controls whose status differs
// (--all: every one), the matched controls of differing benchmarks, and the
// drift. The same comparison gives the same bytes (dated by the newest
// result).
func writePDF(w io.Writer, c *Comparison, opts Options, paper string) error {
	doc := report.PDFDocument{
		Kicker:   "KUBEASSAY · COMPARISON",
		Title:    "Kubernetes security comparison",
		HeadLeft: "kubeassay comparison",
		FootLeft: "kubeassay compare " + strings.Join(columnNames(c), " "),
	}
	var names []string
	for i, col := range c.Columns {
		names = append(names, col.Name)
		what := col.File
		if col.Platform != "" {
			what += " · platform " + col.Platform
		}
		if col.Version != "" {
			what += " · Kubernetes " + col.Version
		}
		what += fmt.Sprintf(" · %d objects · finished %s", col.Objects, col.FinishedAt.UTC().Format("2006-01-02 15:04 UTC"))
		doc.Scope = append(doc.Scope, [2]string{fmt.Sprintf("%d. %s", i+1, col.Name), what})
		if col.FinishedAt.After(doc.Created) {
			doc.Created = col.FinishedAt
		}
	}
	doc.Subtitle = strings.Join(names, " · ")
	doc.HeadRight = doc.Subtitle
	n := len(c.Columns)
	widths := func(first float64) []float64 {
		ws := []float64{first}
		for range n {
			ws = append(ws, (1-first)/float64(n))
		}
		return ws
	}
	for _, b := range c.Benchmarks {
		t := &report.PDFTable{Columns: append([]string{"Control"}, names...), Widths: widths(0.46)}
		row := []string{"score"}
		for i := range c.Columns {
			row = append(row, score(b.Scores[i], b.Ran[i])+delta(b, i))
		}
		t.Rows = append(t.Rows, row)
		same := 0
		for _, ctl := range b.Controls {
			if !opts.All && !differs(ctl) {
				same++
				continue
			}
			row := []string{ctl.ID + " " + ctl.Title + " [" + ctl.Severity + "]"}
			for i := range c.Columns {
				row = append(row, cell(ctl.Statuses[i], ctl.Failed[i]))
			}
			t.Rows = append(t.Rows, row)
		}
		s := report.PDFSection{Heading: fmt.Sprintf("%s (%s %s)", b.Title, b.ID, b.Version), Table: t}
		if same > 0 {
			s.Paragraphs = []string{fmt.Sprintf("%d controls have the same status in every result and are not listed.", same)}
		}
		doc.Sections = append(doc.Sections, s)
	}
	if len(c.Aligned) > 0 {
		t := &report.PDFTable{Columns: append([]string{"Checks"}, names...), Widths: widths(0.28)}
		for _, r := range c.Aligned {
			row := []string{strings.Join(r.Checks, " ")}
			for i := range c.Columns {
				var parts []string
				for _, ref := range r.Cells[i] {
					parts = append(parts, fmt.Sprintf("%s %s: %s", ref.Benchmark, ref.Control, ref.Status))
				}
				if len(parts) == 0 {
					parts = []string{"-"}
				}
				row = append(row, strings.Join(parts, "; "))
			}
			t.Rows = append(t.Rows, row)
		}
		doc.Sections = append(doc.Sections, report.PDFSection{Heading: "Controls of different benchmarks, matched by their checks",
			Paragraphs: []string{"A dash: no control of that result maps exactly these checks."}, Table: t})
	}
	if d := c.Drift; d != nil {
		s := report.PDFSection{Heading: fmt.Sprintf("Drift from %s to %s", names[0], names[1]),
			Paragraphs: []string{fmt.Sprintf("%d controls newly failing, %d fixed, %d still failing; %d new findings, %d gone.",
				len(d.NewlyFailing), len(d.Fixed), len(d.StillFailing), len(d.NewFindings), len(d.GoneFindings))}}
		t := &report.PDFTable{Columns: []string{"Change", "Control", "Before", "After"}, Widths: []float64{0.16, 0.56, 0.14, 0.14}}
		for _, x := range []struct {
			what string
			cs   []ControlChange
		}{{"newly failing", d.NewlyFailing}, {"fixed", d.Fixed}} {
			for _, ch := range x.cs {
				t.Rows = append(t.Rows, []string{x.what, ch.Benchmark + " " + ch.Control + " " + ch.Title, orDash(ch.Before), ch.After})
			}
		}
		if len(t.Rows) > 0 {
			s.Table = t
		}
		doc.Sections = append(doc.Sections, s)
		for _, x := range []struct {
			what string
			fs   []FindingChange
		}{{"New findings", d.NewFindings}, {"Findings gone", d.GoneFindings}} {
			if len(x.fs) == 0 {
				continue
			}
			ft := &report.PDFTable{Columns: []string{"Check", "Object", "Finding"}, Widths: []float64{0.14, 0.3, 0.56}}
			for i, f := range x.fs {
				if i == 200 {
					ft.Rows = append(ft.Rows, []string{"", "", fmt.Sprintf("… and %d more (all of them are in -o json)", len(x.fs)-i)})
					break
				}
				ft.Rows = append(ft.Rows, []string{f.Check, f.Finding.Resource.String(), f.Finding.Message})
			}
			doc.Sections = append(doc.Sections, report.PDFSection{Heading: x.what, Table: ft})
		}
	}
	return report.WritePDFDocument(w, doc, paper)
}

func columnNames(c *Comparison) []string {
	var out []string
	for _, col := range c.Columns {
		out = append(out, col.File)
	}
	return out
}
