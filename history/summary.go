package history

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kubeassay/kubeassay/report"
)

// Summary is what a ConfigMap says about the newest run: when it ran, how
// it ended, each benchmark's score and counts, and the files of the run
// and of the runs kept.
type Summary struct {
	// Status is "ok" (thresholds met), "gates" (a --fail-* threshold
	// matched: the job exits with 1) or "error" (the scan did not finish;
	// Error says why and the scores are those of the last finished run).
	Status     string             `json:"status"`
	Error      string             `json:"error,omitempty"`
	Gates      string             `json:"gates,omitempty"`
	StartedAt  time.Time          `json:"startedAt"`
	FinishedAt time.Time          `json:"finishedAt"`
	Run        string             `json:"run"`
	Files      []string           `json:"files"`
	Runs       []string           `json:"runs"`
	Benchmarks []BenchmarkSummary `json:"benchmarks"`
	// InputErrors counts what the scan could not read (report.Result
	// errors): objects, files, kinds.
	InputErrors int `json:"inputErrors"`
}

// BenchmarkSummary is one benchmark's score and control counts.
type BenchmarkSummary struct {
	ID              string   `json:"id"`
	Percent         *float64 `json:"percent"`
	WeightedPercent *float64 `json:"weightedPercent"`
	Pass            int      `json:"pass"`
	Fail            int      `json:"fail"`
	Warn            int      `json:"warn"`
	Error           int      `json:"error"`
	Manual          int      `json:"manual"`
	Skip            int      `json:"skip"`
	Waived          int      `json:"waived"`
}

// Summarize describes res, written as run with files, among the runs kept
// (IDs, oldest first). gates is the threshold that matched, or "".
func Summarize(res *report.Result, run string, files, runs []string, gates string) Summary {
	s := Summary{
		Status:      "ok",
		Gates:       gates,
		StartedAt:   res.Metadata.StartedAt.UTC(),
		FinishedAt:  res.Metadata.FinishedAt.UTC(),
		Run:         run,
		Files:       files,
		Runs:        runs,
		InputErrors: len(res.Errors),
		Benchmarks:  []BenchmarkSummary{},
	}
	if gates != "" {
		s.Status = "gates"
	}
	for _, b := range res.Benchmarks {
		sc := b.Score
		s.Benchmarks = append(s.Benchmarks, BenchmarkSummary{
			ID: b.ID, Percent: sc.Percent, WeightedPercent: sc.WeightedPercent,
			Pass: sc.Pass, Fail: sc.Fail, Warn: sc.Warn, Error: sc.Error,
			Manual: sc.Manual, Skip: sc.Skip, Waived: sc.Waived,
		})
	}
	return s
}

// Data is the summary as ConfigMap data: a few keys to read at a glance
// (kubectl get configmap -o jsonpath='{.data.scores}'), and summary.json
// with all of it for programs.
func (s Summary) Data() (map[string]string, error) {
	js, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	return map[string]string{
		"status":       s.Status,
		"gates":        s.Gates,
		"startedAt":    s.StartedAt.Format(time.RFC3339),
		"finishedAt":   s.FinishedAt.Format(time.RFC3339),
		"duration":     s.FinishedAt.Sub(s.StartedAt).Round(time.Millisecond).String(),
		"run":          s.Run,
		"files":        strings.Join(s.Files, "\n"),
		"runs":         strings.Join(s.Runs, "\n"),
		"scores":       s.scoresTable(),
		"inputErrors":  fmt.Sprint(s.InputErrors),
		"summary.json": string(js),
	}, nil
}

// scoresTable is one line per benchmark, aligned, as the terminal table's
// summary says it.
func (s Summary) scoresTable() string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "BENCHMARK\tSCORE\tWEIGHTED\tPASS\tFAIL\tWARN\tERROR\tMANUAL\tSKIP\tWAIVED")
	for _, bm := range s.Benchmarks {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", bm.ID, percent(bm.Percent), percent(bm.WeightedPercent),
			bm.Pass, bm.Fail, bm.Warn, bm.Error, bm.Manual, bm.Skip, bm.Waived)
	}
	tw.Flush()
	return b.String()
}

func percent(p *float64) string {
	if p == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", *p)
}

// FailureData is what a run that did not finish changes in the ConfigMap:
// its status, the error and when, leaving the last finished run's scores
// and files in place.
func FailureData(err error, at time.Time) map[string]string {
	return map[string]string{
		"status":   "error",
		"error":    err.Error(),
		"failedAt": at.UTC().Format(time.RFC3339),
	}
}
