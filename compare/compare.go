// Package compare sets scan results side by side: clusters as columns, per
// benchmark and control the status in each and the score deltas; controls
// of different benchmarks aligned through the shared checks behind them
// (CIS EKS 3.2.1 and CIS GKE's and CIS 1.12's 4.2.1 are one check); and, for
// two results, the drift from the first to the second: what newly fails,
// what was fixed, what still fails, the objects added and removed and the
// findings that changed. It works on the findings stored once per check,
// never on per-benchmark copies.
package compare

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/kubeassay/kubeassay/report"
)

// APIVersion and Kind identify the JSON document (docs/compare-schema.json).
const (
	APIVersion = "kubeassay/v1"
	Kind       = "Comparison"
)

// Comparison is the whole comparison.
type Comparison struct {
	APIVersion string      `json:"apiVersion"`
	Kind       string      `json:"kind"`
	Columns    []Column    `json:"columns"`
	Benchmarks []Benchmark `json:"benchmarks"`
	// Aligned holds the controls of benchmarks that differ between the
	// columns (CIS EKS in one, CIS GKE in another), matched by the checks
	// behind them; nil when every column ran the same benchmarks.
	Aligned []AlignedRow `json:"aligned,omitempty"`
	// Drift is from the first column to the second, when there are two.
	Drift *Drift `json:"drift,omitempty"`
}

// Column is one result.
type Column struct {
	Name       string    `json:"name"`
	File       string    `json:"file"`
	Platform   string    `json:"platform,omitempty"`
	Version    string    `json:"version,omitempty"`
	FinishedAt time.Time `json:"finishedAt"`
	Objects    int       `json:"objects"`
}

// Benchmark is one benchmark as each column ran it (Scores[i] is nil where
// column i did not run it or no automated control passed or failed).
type Benchmark struct {
	ID       string     `json:"id"`
	Title    string     `json:"title"`
	Version  string     `json:"version"`
	Ran      []bool     `json:"ran"`
	Scores   []*float64 `json:"scores"`
	Controls []Control  `json:"controls"`
}

// Control is one control's status in each column ("" where the column did
// not run its benchmark).
type Control struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Section  string   `json:"section"`
	Severity string   `json:"severity"`
	Statuses []string `json:"statuses"`
	Failed   []int    `json:"failed"`
}

// AlignedRow is one set of checks, and in each column the control that
// maps exactly those checks (several when the column ran several
// benchmarks that do); an empty cell is a control with no counterpart there.
type AlignedRow struct {
	Checks []string       `json:"checks"`
	Cells  [][]AlignedRef `json:"cells"`
}

// AlignedRef is a control of one column.
type AlignedRef struct {
	Benchmark string `json:"benchmark"`
	Control   string `json:"control"`
	Status    string `json:"status"`
}

// Drift is what changed from one scan to the next.
type Drift struct {
	// NewlyFailing are controls that fail or error now and did not before;
	// Fixed those that failed or errored and pass now; StillFailing the
	// rest that fail or error in both.
	NewlyFailing []ControlChange `json:"newlyFailing"`
	Fixed        []ControlChange `json:"fixed"`
	StillFailing []ControlChange `json:"stillFailing"`
	// ObjectsAdded and ObjectsRemoved count, by kind, the objects read in
	// one scan more than in the other.
	ObjectsAdded   map[string]int `json:"objectsAdded"`
	ObjectsRemoved map[string]int `json:"objectsRemoved"`
	// NewFindings are findings of the second scan the first did not have,
	// GoneFindings the reverse; each once, under its check.
	NewFindings  []FindingChange `json:"newFindings"`
	GoneFindings []FindingChange `json:"goneFindings"`
}

// ControlChange is one control's status before and after.
type ControlChange struct {
	Benchmark string `json:"benchmark"`
	Control   string `json:"control"`
	Title     string `json:"title"`
	Severity  string `json:"severity"`
	Before    string `json:"before"`
	After     string `json:"after"`
}

// FindingChange is a finding that appeared or went.
type FindingChange struct {
	Check   string         `json:"check"`
	Finding report.Finding `json:"finding"`
}

// Regressed reports whether anything newly fails: a control, or a finding.
func (d *Drift) Regressed() bool {
	return d != nil && (len(d.NewlyFailing) > 0 || len(d.NewFindings) > 0)
}

// Input is one result with the name of its file.
type Input struct {
	File   string
	Result *report.Result
}

// Compare builds the comparison of the inputs, in their order.
func Compare(in []Input) (*Comparison, error) {
	if len(in) < 2 {
		return nil, fmt.Errorf("compare needs two results or more, got %d", len(in))
	}
	c := &Comparison{APIVersion: APIVersion, Kind: Kind}
	for _, x := range in {
		c.Columns = append(c.Columns, column(x))
	}
	c.Benchmarks = benchmarks(in)
	if !sameBenchmarks(in) {
		c.Aligned = align(in)
	}
	if len(in) == 2 {
		c.Drift = drift(in[0].Result, in[1].Result)
	}
	return c, nil
}

func column(x Input) Column {
	r := x.Result
	col := Column{File: x.File, FinishedAt: r.Metadata.FinishedAt, Name: strings.TrimSuffix(strings.TrimSuffix(filepath.Base(x.File), ".gz"), ".json")}
	if cl := r.Metadata.Cluster; cl != nil {
		col.Platform, col.Version = cl.Platform, cl.Version
	}
	for _, n := range r.Metadata.Objects {
		col.Objects += n
	}
	return col
}

func benchmarks(in []Input) []Benchmark {
	var order []string
	byID := map[string]*Benchmark{}
	for i, x := range in {
		for _, rb := range x.Result.Benchmarks {
			b, ok := byID[rb.ID]
			if !ok {
				b = &Benchmark{ID: rb.ID, Title: rb.Title, Version: rb.Version, Ran: make([]bool, len(in)), Scores: make([]*float64, len(in))}
				byID[rb.ID] = b
				order = append(order, rb.ID)
			}
			b.Ran[i], b.Scores[i] = true, rb.Score.Percent
			for _, rc := range rb.Controls {
				j := slices.IndexFunc(b.Controls, func(c Control) bool { return c.ID == rc.ID })
				if j < 0 {
					b.Controls = append(b.Controls, Control{ID: rc.ID, Title: rc.Title, Section: rc.Section, Severity: rc.Severity,
						Statuses: make([]string, len(in)), Failed: make([]int, len(in))})
					j = len(b.Controls) - 1
				}
				b.Controls[j].Statuses[i], b.Controls[j].Failed[i] = rc.Status, rc.Failed
			}
		}
	}
	slices.Sort(order)
	out := make([]Benchmark, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	return out
}

func sameBenchmarks(in []Input) bool {
	ids := func(r *report.Result) []string {
		var s []string
		for _, b := range r.Benchmarks {
			s = append(s, b.ID)
		}
		slices.Sort(s)
		return s
	}
	first := ids(in[0].Result)
	for _, x := range in[1:] {
		if !slices.Equal(first, ids(x.Result)) {
			return false
		}
	}
	return true
}

// align matches the automated controls of the benchmarks some column did
// not run by the set of checks they map. A manual control maps none and has nothing to be
// matched by: it is left out of the alignment (each benchmark's own rows
// list it).
func align(in []Input) []AlignedRow {
	// A benchmark every column ran is compared control by control already.
	ranBy := map[string]int{}
	for _, x := range in {
		for _, b := range x.Result.Benchmarks {
			ranBy[b.ID]++
		}
	}
	rows := map[string]*AlignedRow{}
	for i, x := range in {
		for _, b := range x.Result.Benchmarks {
			if ranBy[b.ID] == len(in) {
				continue
			}
			for _, c := range b.Controls {
				if !c.Automated || len(c.Checks) == 0 {
					continue
				}
				checks := slices.Sorted(slices.Values(c.Checks))
				key := strings.Join(checks, "+")
				row, ok := rows[key]
				if !ok {
					row = &AlignedRow{Checks: checks, Cells: make([][]AlignedRef, len(in))}
					rows[key] = row
				}
				row.Cells[i] = append(row.Cells[i], AlignedRef{Benchmark: b.ID, Control: c.ID, Status: c.Status})
			}
		}
	}
	out := make([]AlignedRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b AlignedRow) int {
		return strings.Compare(strings.Join(a.Checks, "+"), strings.Join(b.Checks, "+"))
	})
	return out
}

func failing(status string) bool { return status == report.StatusFail || status == report.StatusError }

func drift(a, b *report.Result) *Drift {
	d := &Drift{ObjectsAdded: map[string]int{}, ObjectsRemoved: map[string]int{}}
	before := map[[2]string]report.Control{}
	for _, bm := range a.Benchmarks {
		for _, c := range bm.Controls {
			before[[2]string{bm.ID, c.ID}] = c
		}
	}
	for _, bm := range b.Benchmarks {
		for _, c := range bm.Controls {
			old, had := before[[2]string{bm.ID, c.ID}]
			ch := ControlChange{Benchmark: bm.ID, Control: c.ID, Title: c.Title, Severity: c.Severity, Before: old.Status, After: c.Status}
			switch {
			case !had:
				// A benchmark the first scan did not run: nothing to compare.
			case failing(c.Status) && !failing(old.Status):
				d.NewlyFailing = append(d.NewlyFailing, ch)
			case failing(c.Status):
				d.StillFailing = append(d.StillFailing, ch)
			case failing(old.Status) && c.Status == report.StatusPass:
				d.Fixed = append(d.Fixed, ch)
			}
		}
	}
	for kind, n := range b.Metadata.Objects {
		if diff := n - a.Metadata.Objects[kind]; diff > 0 {
			d.ObjectsAdded[kind] = diff
		}
	}
	for kind, n := range a.Metadata.Objects {
		if diff := n - b.Metadata.Objects[kind]; diff > 0 {
			d.ObjectsRemoved[kind] = diff
		}
	}
	// Findings only of the checks both scans ran: a check the first scan
	// did not run has no findings to compare with.
	ranA := map[string]bool{}
	for _, ch := range a.Checks {
		ranA[ch.ID] = true
	}
	ranB := map[string]bool{}
	for _, ch := range b.Checks {
		ranB[ch.ID] = true
	}
	d.NewFindings = findingsOnlyIn(b, a, ranA)
	d.GoneFindings = findingsOnlyIn(a, b, ranB)
	return d
}

// findingKey identifies a finding across scans: its check, object, field
// and message (not its origin, which moves when a file is reordered).
func findingKey(check string, f report.Finding) string {
	r := f.Resource
	return strings.Join([]string{check, f.Status, r.APIVersion, r.Kind, r.Namespace, r.Name, f.Path, f.Message}, "\x00")
}

func findingsOnlyIn(x, y *report.Result, ranInOther map[string]bool) []FindingChange {
	inY := map[string]bool{}
	for _, ch := range y.Checks {
		for _, f := range ch.Findings {
			inY[findingKey(ch.ID, f)] = true
		}
	}
	var out []FindingChange
	for _, ch := range x.Checks {
		if !ranInOther[ch.ID] {
			continue
		}
		for _, f := range ch.Findings {
			if !inY[findingKey(ch.ID, f)] {
				out = append(out, FindingChange{Check: ch.ID, Finding: f})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b FindingChange) int { return cmp.Compare(a.Check, b.Check) })
	return out
}
