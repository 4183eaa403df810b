package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kubeassay/kubeassay/checks"
)

// markdownWriter writes a summary for a pull-request comment: the scope, a
// score table per benchmark, then per benchmark the failed and errored
// controls, most severe first, each with its first findings. It is capped
// (MarkdownMaxControls controls per benchmark, MarkdownMaxFindings
// findings per control, and under GitHub's 65,536 characters a comment
// holds), saying what it left out.
type markdownWriter struct{}

const (
	MarkdownMaxControls = 15
	MarkdownMaxFindings = 3
	markdownMaxBytes    = 60000
)

func (markdownWriter) Write(w io.Writer, r *Result) error {
	var b strings.Builder
	total := 0
	for _, n := range r.Metadata.Objects {
		total += n
	}
	fmt.Fprintf(&b, "### kubeassay: %s\n\n", describeSource(r.Metadata.Source))
	fmt.Fprintf(&b, "%s read", plural(total, "object", "objects"))
	if c := r.Metadata.Cluster; c != nil {
		fmt.Fprintf(&b, " from %s (Kubernetes %s, platform %s)", mdText(c.Server), mdText(c.Version), mdText(c.Platform))
	}
	if n := len(r.Errors); n > 0 {
		fmt.Fprintf(&b, "; **%s could not be read** (their controls are ERROR, never PASS)", plural(n, "input document", "input documents"))
	}
	b.WriteString(".\n\n| Benchmark | Score | Weighted | Pass | Fail | Error | Warn | Manual | Skip |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, bm := range r.Benchmarks {
		s := bm.Score
		fmt.Fprintf(&b, "| %s %s | %s | %s | %d | %d | %d | %d | %d | %d |\n", mdText(bm.ID), mdText(bm.Version),
			percentText(s.Percent), percentText(s.WeightedPercent), s.Pass, s.Fail, s.Error, s.Warn, s.Manual, s.Skip)
	}
	if n := waiversNeedingCare(r.Waivers); n > 0 {
		fmt.Fprintf(&b, "\n**%s need attention** (expired, stale or invalid; see the full report).\n", plural(n, "waiver", "waivers"))
	}
	for _, bm := range r.Benchmarks {
		if s := waivedNote(bm.Score); s != "" {
			fmt.Fprintf(&b, "\n%s:%s.\n", mdText(bm.ID), s)
		}
	}
	for _, bm := range r.Benchmarks {
		var bad []Control
		for _, c := range bm.Controls {
			if c.Status == StatusFail || c.Status == StatusError {
				bad = append(bad, c)
			}
		}
		if len(bad) == 0 {
			continue
		}
		sortBySeverity(bad)
		fmt.Fprintf(&b, "\n<details><summary><b>%s</b>: %s failed or not decided</summary>\n\n", mdText(bm.ID), plural(len(bad), "control", "controls"))
		for i, c := range bad {
			if i == MarkdownMaxControls || b.Len() > markdownMaxBytes {
				fmt.Fprintf(&b, "\n…and %d more (all of them are in `-o json`)\n", len(bad)-i)
				break
			}
			fmt.Fprintf(&b, "\n- **%s %s** %s `%s`", mdText(c.ID), mdText(c.Title), c.Status, c.Severity)
			if c.Status == StatusError {
				fmt.Fprintf(&b, ": %s\n", mdText(c.Reason))
				continue
			}
			fs := r.ControlFindings(&c)
			fmt.Fprintf(&b, ", %s\n", plural(c.Failed, "finding", "findings"))
			shown := 0
			for _, f := range fs {
				if f.Status != StatusFail {
					continue
				}
				if shown == MarkdownMaxFindings {
					fmt.Fprintf(&b, "  - …and %d more\n", c.Failed-shown)
					break
				}
				fmt.Fprintf(&b, "  - `%s`: %s\n", mdCode(f.Resource.String()), mdText(f.Message))
				shown++
			}
		}
		b.WriteString("\n</details>\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// sortBySeverity puts the most severe first, each severity in the
// benchmark's own order.
func sortBySeverity(cs []Control) {
	rank := func(c Control) int {
		if r := slices.Index(checks.Severities, c.Severity); r >= 0 {
			return r
		}
		return len(checks.Severities)
	}
	slices.SortStableFunc(cs, func(a, b Control) int { return cmp.Compare(rank(a), rank(b)) })
}

// mdText escapes what Markdown and HTML would read as markup in a name or
// message that comes from the scanned objects.
var mdEscaper = strings.NewReplacer(
	"\\", "\\\\", "`", "\\`", "*", "\\*", "_", "\\_", "[", "\\[", "]", "\\]",
	"<", "&lt;", ">", "&gt;", "|", "\\|", "#", "\\#", "\n", " ", "\r", " ",
)

func mdText(s string) string { return mdEscaper.Replace(s) }

// MarkdownText escapes text from scanned objects or results for Markdown
// (other commands' Markdown: compare).
func MarkdownText(s string) string { return mdText(s) }

// mdCode is s inside a code span: backquotes cannot be escaped there, so
// they are replaced.
func mdCode(s string) string {
	return strings.NewReplacer("`", "'", "\n", " ", "|", "\\|").Replace(s)
}

// waiversNeedingCare counts the waivers that did not apply as written.
func waiversNeedingCare(ws []Waiver) int {
	n := 0
	for _, w := range ws {
		if w.State != WaiverActive && w.State != WaiverUnused {
			n++
		}
	}
	return n
}
