package compare

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/kubeassay/kubeassay/report"
)

// Formats are the output formats of a comparison.
var Formats = []string{"html", "json", "markdown", "pdf", "table"}

// Options tune the writers.
type Options struct {
	// All lists every control; otherwise only those whose status differs
	// between the columns (the counts say how many are the same).
	All    bool
	Pretty bool
	// Paper is the PDF's page size: "a4" (the default) or "letter".
	Paper string
}

// Write renders c in format.
func Write(w io.Writer, c *Comparison, format string, opts Options) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		if opts.Pretty {
			enc.SetIndent("", "  ")
		}
		return enc.Encode(c)
	case "table":
		return writeTable(w, c, opts)
	case "markdown":
		return writeMarkdown(w, c, opts)
	case "html":
		return writeHTML(w, c, opts)
	case "pdf":
		paper := opts.Paper
		if paper == "" {
			paper = "a4"
		}
		return writePDF(w, c, opts, paper)
	}
	return fmt.Errorf("unknown output format %q (one of: %s)", format, strings.Join(Formats, ", "))
}

func score(p *float64, ran bool) string {
	switch {
	case !ran:
		return "not run"
	case p == nil:
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", *p)
}

// delta is the score of column i less the first column's.
func delta(b Benchmark, i int) string {
	if i == 0 || b.Scores[0] == nil || b.Scores[i] == nil {
		return ""
	}
	return fmt.Sprintf(" (%+.1f)", *b.Scores[i]-*b.Scores[0])
}

func cell(status string, failed int) string {
	switch {
	case status == "":
		return "-"
	case failed > 0:
		return fmt.Sprintf("%s (%d)", status, failed)
	}
	return status
}

func differs(c Control) bool {
	for _, s := range c.Statuses[1:] {
		if s != c.Statuses[0] {
			return true
		}
	}
	return false
}

func header(c *Comparison) []string {
	h := []string{""}
	for _, col := range c.Columns {
		name := col.Name
		if col.Platform != "" {
			name += " (" + col.Platform + ")"
		}
		h = append(h, name)
	}
	return h
}

func writeTable(w io.Writer, c *Comparison, opts Options) error {
	fmt.Fprintf(w, "comparing %d results:\n", len(c.Columns))
	for i, col := range c.Columns {
		fmt.Fprintf(w, "  %d. %s: %s, Kubernetes %s, %d objects, finished %s\n", i+1, col.Name, col.File, orDash(col.Version), col.Objects, col.FinishedAt.UTC().Format("2006-01-02 15:04 UTC"))
	}
	for _, b := range c.Benchmarks {
		fmt.Fprintf(w, "\n%s (%s %s)\n", b.Title, b.ID, b.Version)
		t := report.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off)) // column names are file names, shown as given
		t.Header(header(c))
		row := []string{"score"}
		for i := range c.Columns {
			row = append(row, score(b.Scores[i], b.Ran[i])+delta(b, i))
		}
		if err := t.Append(row); err != nil {
			return err
		}
		ran := 0
		for _, r := range b.Ran {
			if r {
				ran++
			}
		}
		same := 0
		for _, ctl := range b.Controls {
			if !opts.All && ran < 2 {
				break
			}
			if !opts.All && !differs(ctl) {
				same++
				continue
			}
			row := []string{ctl.ID + " " + truncate(ctl.Title, 48)}
			for i := range c.Columns {
				row = append(row, cell(ctl.Statuses[i], ctl.Failed[i]))
			}
			if err := t.Append(row); err != nil {
				return err
			}
		}
		if err := t.Render(); err != nil {
			return err
		}
		switch {
		case !opts.All && ran < 2:
			fmt.Fprintf(w, "  run by one result only: its controls are matched with the others' below (--all lists them)\n")
		case same > 0:
			fmt.Fprintf(w, "  %d controls with the same status in every result (--all lists them)\n", same)
		}
	}
	if len(c.Aligned) > 0 {
		fmt.Fprintf(w, "\nControls of different benchmarks, matched by the checks behind them (- : no counterpart):\n")
		t := report.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off)) // column names are file names, shown as given
		t.Header(append([]string{"checks"}, header(c)[1:]...))
		for _, r := range c.Aligned {
			row := []string{truncate(strings.Join(r.Checks, " "), 40)}
			for i := range c.Columns {
				var parts []string
				for _, ref := range r.Cells[i] {
					parts = append(parts, fmt.Sprintf("%s %s %s", ref.Benchmark, ref.Control, ref.Status))
				}
				if len(parts) == 0 {
					parts = []string{"-"}
				}
				row = append(row, strings.Join(parts, "\n"))
			}
			if err := t.Append(row); err != nil {
				return err
			}
		}
		if err := t.Render(); err != nil {
			return err
		}
	}
	if d := c.Drift; d != nil {
		writeDrift(w, c, d)
	}
	return nil
}

func writeDrift(w io.Writer, c *Comparison, d *Drift) {
	fmt.Fprintf(w, "\nDrift from %s to %s:\n", c.Columns[0].Name, c.Columns[1].Name)
	list := func(title string, cs []ControlChange) {
		fmt.Fprintf(w, "  %s: %d\n", title, len(cs))
		for _, ch := range cs {
			fmt.Fprintf(w, "    %s %s %s [%s]: %s -> %s\n", ch.Benchmark, ch.Control, truncate(ch.Title, 60), ch.Severity, orDash(ch.Before), ch.After)
		}
	}
	list("newly failing", d.NewlyFailing)
	list("fixed", d.Fixed)
	fmt.Fprintf(w, "  still failing: %d\n", len(d.StillFailing))
	kinds := func(title string, m map[string]int) {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(m)) {
			parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "  objects %s: %s\n", title, strings.Join(parts, ", "))
		}
	}
	kinds("added", d.ObjectsAdded)
	kinds("removed", d.ObjectsRemoved)
	findings := func(title string, fs []FindingChange) {
		fmt.Fprintf(w, "  %s: %d\n", title, len(fs))
		for i, f := range fs {
			if i == 20 {
				fmt.Fprintf(w, "    ... and %d more (all of them are in -o json)\n", len(fs)-i)
				break
			}
			fmt.Fprintf(w, "    %s %s: %s\n", f.Check, f.Finding.Resource.String(), f.Finding.Message)
		}
	}
	findings("new findings", d.NewFindings)
	findings("findings gone", d.GoneFindings)
}

func writeMarkdown(w io.Writer, c *Comparison, opts Options) error {
	var b strings.Builder
	b.WriteString("### kubeassay comparison\n\n| Benchmark |")
	for _, col := range c.Columns {
		fmt.Fprintf(&b, " %s |", report.MarkdownText(col.Name))
	}
	b.WriteString("\n|---|" + strings.Repeat("---:|", len(c.Columns)) + "\n")
	for _, bm := range c.Benchmarks {
		fmt.Fprintf(&b, "| %s |", report.MarkdownText(bm.ID))
		for i := range c.Columns {
			fmt.Fprintf(&b, " %s |", score(bm.Scores[i], bm.Ran[i])+delta(bm, i))
		}
		b.WriteString("\n")
	}
	if d := c.Drift; d != nil {
		fmt.Fprintf(&b, "\n**Drift** from %s to %s: %d newly failing, %d fixed, %d still failing; %d new findings, %d gone.\n",
			report.MarkdownText(c.Columns[0].Name), report.MarkdownText(c.Columns[1].Name), len(d.NewlyFailing), len(d.Fixed), len(d.StillFailing), len(d.NewFindings), len(d.GoneFindings))
		for i, ch := range d.NewlyFailing {
			if i == 20 {
				fmt.Fprintf(&b, "- …and %d more\n", len(d.NewlyFailing)-i)
				break
			}
			fmt.Fprintf(&b, "- **%s %s** %s: %s → %s\n", report.MarkdownText(ch.Benchmark), report.MarkdownText(ch.Control), report.MarkdownText(ch.Title), orDash(ch.Before), ch.After)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func truncate(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
