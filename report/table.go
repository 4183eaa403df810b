package report

import (
	"fmt"
	"io"
	"maps"
	"slices"
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
	if c := r.Metadata.Cluster; c != nil {
		nodes := "?"
		if c.Nodes != nil {
			nodes = fmt.Sprint(*c.Nodes)
		}
		p.linef("cluster %s, Kubernetes %s, %s nodes, platform %s", c.Server, c.Version, nodes, c.Platform)
		for _, k := range slices.Sorted(maps.Keys(c.Unavailable)) {
			p.linef("%s", p.paint(yellow, fmt.Sprintf("could not read %s: %s", k, c.Unavailable[k])))
		}
	}
	for _, d := range r.Metadata.PolicyDirs {
		p.linef("%s", describePolicyDir(d))
	}
	if sel := r.Metadata.Selection; sel != nil {
		p.linef("benchmarks chosen for platform %s (-b auto; -b chooses others):", sel.Platform)
		for _, why := range sel.Reasons {
			p.linef("  %s", why)
		}
	}
	if n := len(r.Errors); n > 0 {
		p.linef("%s", p.paint(yellow, fmt.Sprintf("incomplete: %s could not be read; see Skipped input", plural(n, "input document", "input documents"))))
	}
	for _, b := range r.Benchmarks {
		p.linef("")
		p.linef("%s (%s %s)  score %s, weighted %s%s", p.bold(b.Title), b.ID, b.Version,
			percentText(b.Score.Percent), percentText(b.Score.WeightedPercent), waivedNote(b.Score))
		if err := summaryTable(w, b); err != nil {
			return err
		}
		for _, c := range b.Controls {
			if c.Status == StatusFail || c.Status == StatusWarn || c.Status == StatusWaived {
				if err := t.controlBlock(p, c, r.ControlFindings(&c), max); err != nil {
					return err
				}
			}
		}
		if err := undecidedTable(p, b); err != nil {
			return err
		}
	}
	if err := waiverTable(p, r.Waivers); err != nil {
		return err
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

// sectionLabel is "1.2 API Server" for a numbered section, and the title
// alone where the id only repeats it ("baseline", "Baseline").
func sectionLabel(s Section) string {
	if strings.EqualFold(s.ID, s.Title) {
		return s.Title
	}
	return s.ID + " " + s.Title
}

func describeSource(s Source) string {
	parts := append(append([]string{}, s.Paths...), s.NodeFacts...)
	if s.LocalNode {
		parts = append(parts, "this node")
	}
	if s.Type == "cluster" {
		parts = append([]string{"the cluster"}, parts...)
	}
	if len(parts) == 0 {
		return s.Type
	}
	return strings.Join(parts, ", ")
}

// describePolicyDir says that checks or benchmarks of a policy directory
// (--policy-dir) judged the scan, and which.
func describePolicyDir(d PolicyDir) string {
	var what []string
	for _, part := range []struct {
		noun string
		ids  []string
	}{{"check", d.Checks}, {"benchmark", d.Benchmarks}} {
		switch len(part.ids) {
		case 0:
		case 1:
			what = append(what, part.noun+" "+part.ids[0])
		default:
			what = append(what, part.noun+"s "+strings.Join(part.ids, ", "))
		}
	}
	return fmt.Sprintf("with the policies of %s (%s)", d.Path, strings.Join(what, "; "))
}

func percentText(p *float64) string {
	if p == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", *p)
}

// scoreText is a score's percent, or why there is none: "not decided"
// when every automated control that counts is ERROR (the data it needs
// could not be read), "n/a" when none counts at all.
func scoreText(s Score, weighted bool) string {
	p := s.Percent
	if weighted {
		p = s.WeightedPercent
	}
	if p == nil && s.Error > 0 {
		return "not decided"
	}
	return percentText(p)
}

// NewTable is the terminal table of kubeassay's outputs (compare's too).
func NewTable(w io.Writer, opts ...tablewriter.Option) *tablewriter.Table {
	return newTable(w, opts...)
}

func newTable(w io.Writer, opts ...tablewriter.Option) *tablewriter.Table {
	base := []tablewriter.Option{
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRendition(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)}),
		tablewriter.WithTrimSpace(tw.Off),
	}
	return tablewriter.NewTable(w, append(base, opts...)...)
}

// waivedNote says, after a score, that waived controls were left out.
func waivedNote(s Score) string {
	if s.Waived == 0 {
		return ""
	}
	return fmt.Sprintf(" (%s not counted)", plural(s.Waived, "waived control", "waived controls"))
}

func summaryTable(w io.Writer, b Benchmark) error {
	t := newTable(w)
	header := []any{"Section", "Score", "Weighted", "Pass", "Fail", "Warn", "Manual", "Skip", "Error"}
	// The Waived column is there when something is waived.
	waived := b.Score.Waived > 0
	if waived {
		header = append(header, "Waived")
	}
	t.Header(header...)
	row := func(title string, s Score) error {
		cells := []any{title, percentText(s.Percent), percentText(s.WeightedPercent),
			s.Pass, s.Fail, s.Warn, s.Manual, s.Skip, s.Error}
		if waived {
			cells = append(cells, s.Waived)
		}
		return t.Append(cells...)
	}
	for _, s := range b.Sections {
		if err := row(sectionLabel(s), s.Score); err != nil {
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

func (t tableWriter) controlBlock(p *printer, c Control, findings []Finding, max int) error {
	p.linef("")
	status := p.paint(red, c.Status)
	if c.Status == StatusWarn || c.Status == StatusWaived {
		status = p.paint(yellow, c.Status)
	}
	p.linef("%s  %s  %s  [%s]", status, p.bold(c.ID), c.Title, c.Severity)
	tbl := newTable(p.w)
	tbl.Header("Object", "Finding")
	shown := findings
	if max > 0 && len(shown) > max {
		shown = shown[:max]
	}
	rows := make([][2]string, 0, len(shown))
	objWidth := 0
	for _, f := range shown {
		obj := f.Resource.String()
		if f.AffectedPods > 0 {
			obj += fmt.Sprintf(" (%d pods)", f.AffectedPods)
		}
		msg := f.Message
		if f.Path != "" {
			msg += "\nat " + f.Path
		}
		if wv := f.Waiver; wv != nil {
			msg = fmt.Sprintf("WAIVED (%s, %s until %s): %s\n%s", wv.ID, cmpOr(wv.Owner, "no owner given"), wv.Expires, wv.Justification, msg)
		}
		rows = append(rows, [2]string{obj, msg})
		objWidth = maxInt(objWidth, len(obj))
	}
	// Two columns take 7 characters of borders and padding.
	objWidth = minInt(objWidth, 38)
	msgWidth := tableWidth - 7 - objWidth
	for _, r := range rows {
		if err := tbl.Append(wrapText(r[0], objWidth), wrapText(r[1], msgWidth)); err != nil {
			return err
		}
	}
	if err := tbl.Render(); err != nil {
		return err
	}
	if more := len(findings) - len(shown); more > 0 {
		p.linef("  ... and %d more (all of them are in -o json)", more)
	}
	if c.Remediation != "" {
		p.wrapped("  Remediation: ", c.Remediation)
	}
	return nil
}

// waiverTable lists the waivers and what became of them, those that need
// attention (expired, stale, invalid) coloured.
func waiverTable(p *printer, ws []Waiver) error {
	if len(ws) == 0 {
		return nil
	}
	p.linef("")
	p.linef("Waivers (%d)", len(ws))
	tbl := newTable(p.w)
	tbl.Header("Waiver", "State", "Findings", "Owner", "Justification")
	for _, w := range ws {
		state := w.State
		if state != WaiverActive {
			state = p.paint(yellow, state)
		}
		text := w.Justification
		if w.Reason != "" {
			text = w.Reason + "\n" + text
		}
		what := w.ID + "\n" + strings.Join(cmpList(w.Controls, w.Checks), ", ")
		if err := tbl.Append(wrapText(what, 24), state, w.Findings, wrapText(cmpOr(w.Owner, "-")+"\nuntil "+cmpOr(w.Expires, "?"), 20), wrapText(text, 30)); err != nil {
			return err
		}
	}
	return tbl.Render()
}

func cmpOr(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}

// cmpList is a if it has any element, else b.
func cmpList(a, b []string) []string {
	if len(a) > 0 {
		return a
	}
	return b
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
	idWidth := 0
	for _, r := range rows {
		idWidth = maxInt(idWidth, len(r[0]))
	}
	idWidth = minInt(idWidth, 30)
	// Three columns take 10 characters of borders and padding; the status
	// column is at most 6 wide.
	reasonWidth := tableWidth - 10 - idWidth - 6
	for _, r := range rows {
		if err := tbl.Append(wrapText(r[0], idWidth), r[1], wrapText(r[2], reasonWidth)); err != nil {
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

// wrapText wraps s at width columns on spaces, and breaks a word longer than
// the width (a long field path) after its last '.' or '/' that fits, or at
// the width. Existing line breaks are kept.
func wrapText(s string, width int) string {
	if width < 10 {
		width = 10
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			for {
				room := width
				if line != "" {
					room = width - len(line) - 1
				}
				if len(word) <= room {
					if line != "" {
						line += " "
					}
					line += word
					break
				}
				// A path is broken after a '.' or '/' to fill the line;
				// other words move to the next line whole if they fit one.
				isPath := strings.ContainsAny(word, "./")
				if len(word) <= width && !(isPath && line != "" && pathCut(word, room) > 0) {
					out = append(out, line)
					line = word
					break
				}
				// A word longer than a line: cut it after its last '.'
				// or '/' that fits what is left of this line, or of a
				// new one.
				cut := pathCut(word, room)
				if cut == 0 {
					if line != "" {
						out = append(out, line)
						line = ""
						continue
					}
					cut = strings.LastIndexAny(word[:width], "./") + 1
					if cut <= width/2 {
						cut = width
					}
				}
				if line != "" {
					line += " "
				}
				out = append(out, line+word[:cut])
				line = ""
				word = word[cut:]
			}
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// pathCut is where to break word so that its head fits room: after its last
// '.' or '/' within room, if that keeps at least half of room; else 0.
func pathCut(word string, room int) int {
	if room <= 0 {
		return 0
	}
	cut := strings.LastIndexAny(word[:min(room, len(word))], "./") + 1
	if cut < room/2 {
		return 0
	}
	return cut
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func minInt(a, b int) int {
	if a < b {
		return a
	}
	return b
}

// plural renders "1 thing" or "n things".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
