package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// tableWidth is the width the terminal report is laid out for.
const tableWidth = 100

// tableWriter renders, per benchmark, a summary by section, then the controls
// that failed or could not be decided with their findings and remediation.
type tableWriter struct{ opts Options }

func (t tableWriter) Write(w io.Writer, r *Result) error {
	p := &printer{w: w, color: t.opts.Color}
	max := t.opts.MaxFindings
	if max == 0 {
		max = DefaultMaxFindings
	}
	total := 0
	for _, n := range r.Metadata.Objects {
		total += n
	}
	p.linef("%s %s: %d objects, %d distinct pod templates, from %s",
		p.bold("kubeassay"), r.Metadata.ToolVersion, total, r.Metadata.Templates, describeSource(r.Metadata.Source))
	for _, b := range r.Benchmarks {
		p.linef("")
		p.linef("%s (%s %s)  score %s, weighted %s", p.bold(b.Title), b.ID, b.Version,
			percentText(b.Score.Percent), percentText(b.Score.WeightedPercent))
		if err := summaryTable(w, b); err != nil {
			return err
		}
		for _, c := range b.Controls {
			if c.Status == StatusFail || c.Status == StatusWarn {
				if err := t.controlBlock(p, c, max); err != nil {
					return err
				}
			}
		}
		if err := undecidedTable(p, b); err != nil {
			return err
		}
	}
	if len(r.Errors) > 0 {
		p.linef("")
		p.linef("%s", p.paint(yellow, fmt.Sprintf("Skipped input (%d)", len(r.Errors))))
		for _, e := range r.Errors {
			p.wrapped("  ", e.String())
		}
	}
	return p.err
}

func describeSource(s Source) string {
	if len(s.Paths) == 0 {
		return s.Type
	}
	return strings.Join(s.Paths, ", ")
}

func percentText(p *float64) string {
	if p == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", *p)
}

func newTable(w io.Writer, opts ...tablewriter.Option) *tablewriter.Table {
	base := []tablewriter.Option{
		tablewriter.WithMaxWidth(tableWidth),
		tablewriter.WithRowAutoWrap(tw.WrapNormal),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRendition(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)}),
		tablewriter.WithTrimSpace(tw.Off),
	}
	return tablewriter.NewTable(w, append(base, opts...)...)
}

func summaryTable(w io.Writer, b Benchmark) error {
	t := newTable(w)
	t.Header("Section", "Score", "Weighted", "Pass", "Fail", "Warn", "Manual", "Skip", "Error")
	row := func(title string, s Score) error {
		return t.Append(title, percentText(s.Percent), percentText(s.WeightedPercent),
			s.Pass, s.Fail, s.Warn, s.Manual, s.Skip, s.Error)
	}
	for _, s := range b.Sections {
		if err := row(s.ID+" "+s.Title, s.Score); err != nil {
			return err
		}
	}
	if len(b.Sections) > 1 {
		if err := row("All", b.Score); err != nil {
			return err
		}
	}
	return t.Render()
}

func (t tableWriter) controlBlock(p *printer, c Control, max int) error {
	p.linef("")
	status := p.paint(red, c.Status)
	if c.Status == StatusWarn {
		status = p.paint(yellow, c.Status)
	}
	p.linef("%s  %s  %s  [%s]", status, p.bold(c.ID), c.Title, c.Severity)
	tbl := newTable(p.w)
	tbl.Header("Object", "Finding")
	shown := c.Findings
	if max > 0 && len(shown) > max {
		shown = shown[:max]
	}
	for _, f := range shown {
		obj := f.Resource.String()
		if f.AffectedPods > 0 {
			obj += fmt.Sprintf(" (%d pods)", f.AffectedPods)
		}
		msg := f.Message
		if f.Path != "" {
			msg += "\nat " + f.Path
		}
		if err := tbl.Append(obj, msg); err != nil {
			return err
		}
	}
	if err := tbl.Render(); err != nil {
		return err
	}
	if more := len(c.Findings) - len(shown); more > 0 {
		p.linef("  ... and %d more (all of them are in -o json)", more)
	}
	if c.Remediation != "" {
		p.wrapped("  Remediation: ", c.Remediation)
	}
	return nil
}

func undecidedTable(p *printer, b Benchmark) error {
	var rows [][]string
	for _, c := range b.Controls {
		if c.Status == StatusError || c.Status == StatusSkip {
			rows = append(rows, []string{c.ID, c.Status, c.Reason})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	p.linef("")
	p.linef("Not decided (%d)", len(rows))
	tbl := newTable(p.w)
	tbl.Header("Control", "Status", "Reason")
	for _, r := range rows {
		if err := tbl.Append(r[0], r[1], r[2]); err != nil {
			return err
		}
	}
	return tbl.Render()
}

// printer writes lines, remembering the first error.
type printer struct {
	w     io.Writer
	color bool
	err   error
}

const (
	red    = "31"
	yellow = "33"
	bold   = "1"
)

func (p *printer) paint(code, s string) string {
	if !p.color {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p *printer) bold(s string) string { return p.paint(bold, s) }

func (p *printer) linef(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format+"\n", args...)
	}
}

// wrapped writes text word-wrapped to tableWidth, the first line led by
// lead and the rest indented to match.
func (p *printer) wrapped(lead, text string) {
	indent := strings.Repeat(" ", len(lead))
	line := lead
	for _, para := range strings.Split(strings.TrimSpace(text), "\n") {
		for _, word := range strings.Fields(para) {
			if len(line)+1+len(word) > tableWidth && strings.TrimSpace(line) != "" && line != lead {
				p.linef("%s", line)
				line = indent
			}
			if line != lead && line != indent {
				line += " "
			}
			line += word
		}
	}
	if strings.TrimSpace(line) != "" {
		p.linef("%s", line)
	}
}
