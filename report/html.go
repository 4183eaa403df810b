package report

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"slices"
	"sort"
	"strings"
)

// htmlWriter renders one self-contained HTML page: inline CSS, inline SVG
// charts and a little vanilla JavaScript, no request leaves the page. It
// opens fast with tens of thousands of findings because a control's
// findings table is inert (<template>) until the control is opened.
type htmlWriter struct{ opts Options }

var (
	//go:embed html/report.tmpl
	htmlTemplateText string
	//go:embed html/report.css
	htmlCSS string
	//go:embed html/report.js
	htmlJS string
)

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"lower":            strings.ToLower,
	"pct":              percentText,
	"json":             jsonValue,
	"join":             strings.Join,
	"anchor":           controlAnchor,
	"findingNamespace": findingNamespace,
	"score":            scoreText,
	"brief":            brief,
	"bar":              statusBar,
	"inc":              func(i int) int { return i + 1 },
	"section":          sectionLabel,
	"waived": func(fs []Finding) int {
		n := 0
		for _, f := range fs {
			if f.Waiver != nil {
				n++
			}
		}
		return n
	},
	"objects": func(m map[string]int) int {
		n := 0
		for _, v := range m {
			n += v
		}
		return n
	},
}).Parse(htmlTemplateText))

// htmlPage is what the template renders.
type htmlPage struct {
	R          *Result
	CSS        template.CSS
	JS         template.JS
	Source     string
	Benchmarks []htmlBenchmark
	// FindingSets are the findings tables, each once: the controls of
	// several benchmarks that report the same checks share one, so a scan
	// against every benchmark does not repeat its findings in every one.
	FindingSets []htmlFindingSet
	Namespaces  []string
	Severities  []string
	Statuses    []string
}

type htmlBenchmark struct {
	Benchmark
	Controls []htmlControl
}

// htmlFindingSet is one findings table, kept in a template of the page
// until a control that shows it is opened.
type htmlFindingSet struct {
	ID       string
	Findings []Finding
}

type htmlControl struct {
	Control
	Findings   []Finding
	FindingSet string // the ID of its findings' htmlFindingSet
	Benchmark  string
	Namespaces string // space-separated, for the namespace filter
}

func (h htmlWriter) Write(w io.Writer, r *Result) error {
	page := htmlPage{
		R:          r,
		CSS:        template.CSS(htmlCSS),
		JS:         template.JS(htmlJS),
		Source:     describeSource(r.Metadata.Source),
		Severities: []string{"critical", "high", "medium", "low", "info"},
		Statuses:   []string{StatusFail, StatusError, StatusWarn, StatusWaived, StatusManual, StatusSkip, StatusPass},
	}
	namespaces := map[string]bool{}
	sets := map[string]string{} // the sorted check ids of a findings table, its ID
	for _, b := range r.Benchmarks {
		hb := htmlBenchmark{Benchmark: b}
		for _, c := range b.Controls {
			ns := map[string]bool{}
			findings := r.ControlFindings(&c)
			for _, f := range findings {
				ns[findingNamespace(f)] = true
			}
			delete(ns, "")
			names := slices.Sorted(func(yield func(string) bool) {
				for n := range ns {
					if !yield(n) {
						return
					}
				}
			})
			for _, n := range names {
				namespaces[n] = true
			}
			set := ""
			if len(findings) > 0 {
				// A control's findings are those of its checks
				// (ControlFindings): the same checks, the same table.
				key := strings.Join(slices.Sorted(slices.Values(c.Checks)), "\x00")
				if set = sets[key]; set == "" {
					set = fmt.Sprintf("findings-%d", len(sets)+1)
					sets[key] = set
					page.FindingSets = append(page.FindingSets, htmlFindingSet{ID: set, Findings: findings})
				}
			}
			hb.Controls = append(hb.Controls, htmlControl{Control: c, Findings: findings, FindingSet: set, Benchmark: b.ID, Namespaces: strings.Join(names, " ")})
		}
		page.Benchmarks = append(page.Benchmarks, hb)
	}
	for n := range namespaces {
		page.Namespaces = append(page.Namespaces, n)
	}
	sort.Strings(page.Namespaces)
	return htmlTemplate.Execute(w, page)
}

// controlAnchor is the id of a control's element: benchmark and control,
// so that a control in two benchmarks has two anchors. The page also opens
// #<control-id> (the first benchmark that has it).
func controlAnchor(benchmark, control string) string {
	return benchmark + "/" + control
}

// jsonValue renders a finding's value compactly.
func jsonValue(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// barSegment is one status's part of a benchmark's bar.
type barSegment struct {
	Status string
	Count  int
	X, W   float64
}

// statusBar lays out a score's counts as segments of a 100-unit bar.
func statusBar(s Score) []barSegment {
	counts := []barSegment{{Status: StatusPass, Count: s.Pass}, {Status: StatusFail, Count: s.Fail}, {Status: StatusError, Count: s.Error},
		{Status: StatusWarn, Count: s.Warn}, {Status: StatusWaived, Count: s.Waived}, {Status: StatusSkip, Count: s.Skip}, {Status: StatusManual, Count: s.Manual}}
	total := 0
	for _, c := range counts {
		total += c.Count
	}
	var out []barSegment
	x := 0.0
	for _, c := range counts {
		if c.Count == 0 || total == 0 {
			continue
		}
		c.X, c.W = x, 100*float64(c.Count)/float64(total)
		x += c.W
		out = append(out, c)
	}
	return out
}

// findingNamespace is the namespace a finding belongs to for the namespace
// filter: its object's, or, for a Namespace object ("namespace payments has
// no NetworkPolicy"), the namespace it is.
func findingNamespace(f Finding) string {
	if f.Resource.Kind == "Namespace" && f.Resource.Namespace == "" {
		return f.Resource.Name
	}
	return f.Resource.Namespace
}

// brief cuts a reason to what fits under a control's title; the whole
// reason is in the control's body.
func brief(s string) string {
	const max = 180
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max-1]) + "…"
}

// HTMLStyle is the report page's style sheet, for other pages that should
// look the same (kubeassay compare's).
func HTMLStyle() string { return htmlCSS }
