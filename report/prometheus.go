package report

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// prometheusWriter writes the Prometheus text exposition format, for
// node-exporter's textfile collector: scores per benchmark and section,
// control counts by benchmark, section, status and severity, findings by
// check, the scan's duration and finish time (from which a rule can tell a
// stale result), and the input documents that could not be read. A score
// that does not exist (nothing automated decided) has no sample rather than
// a made-up one. Validated with the Prometheus project's own parser.
type prometheusWriter struct{}

func (prometheusWriter) Write(w io.Writer, r *Result) error {
	var b strings.Builder
	family := func(name, typ, help string) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}
	sample := func(name string, labels []string, v float64) {
		b.WriteString(name)
		if len(labels) > 0 {
			b.WriteString("{")
			for i := 0; i < len(labels); i += 2 {
				if i > 0 {
					b.WriteString(",")
				}
				fmt.Fprintf(&b, "%s=\"%s\"", labels[i], promEscape(labels[i+1]))
			}
			b.WriteString("}")
		}
		// Full precision, never exponent form (a timestamp would lose its seconds).
		b.WriteString(" " + strconv.FormatFloat(v, 'f', -1, 64) + "\n")
	}
	family("kubeassay_benchmark_score_percent", "gauge", "Automated controls that pass, in percent of those that pass, fail or error.")
	for _, bm := range r.Benchmarks {
		if p := bm.Score.Percent; p != nil {
			sample("kubeassay_benchmark_score_percent", []string{"benchmark", bm.ID}, *p)
		}
	}
	family("kubeassay_benchmark_weighted_score_percent", "gauge", "The score with each control weighed by its severity.")
	for _, bm := range r.Benchmarks {
		if p := bm.Score.WeightedPercent; p != nil {
			sample("kubeassay_benchmark_weighted_score_percent", []string{"benchmark", bm.ID}, *p)
		}
	}
	family("kubeassay_section_score_percent", "gauge", "The score of a benchmark's section.")
	for _, bm := range r.Benchmarks {
		for _, s := range bm.Sections {
			if p := s.Score.Percent; p != nil {
				sample("kubeassay_section_score_percent", []string{"benchmark", bm.ID, "section", s.ID}, *p)
			}
		}
	}
	family("kubeassay_controls", "gauge", "Controls by benchmark, section, status and severity.")
	for _, bm := range r.Benchmarks {
		counts := map[[3]string]int{}
		for _, c := range bm.Controls {
			counts[[3]string{c.Section, c.Status, c.Severity}]++
		}
		for _, k := range slices.SortedFunc(maps.Keys(counts), func(a, b [3]string) int {
			return strings.Compare(strings.Join(a[:], "\x00"), strings.Join(b[:], "\x00"))
		}) {
			sample("kubeassay_controls", []string{"benchmark", bm.ID, "section", k[0], "status", k[1], "severity", k[2]}, float64(counts[k]))
		}
	}
	family("kubeassay_findings", "gauge", "Findings by check, severity and status (each finding once, under its check).")
	for _, ch := range r.Checks {
		byStatus := map[string]int{}
		for _, f := range ch.Findings {
			byStatus[f.Status]++
		}
		for _, st := range slices.Sorted(maps.Keys(byStatus)) {
			sample("kubeassay_findings", []string{"check", ch.ID, "severity", ch.Severity, "status", st}, float64(byStatus[st]))
		}
	}
	if len(r.Waivers) > 0 {
		family("kubeassay_waivers", "gauge", "Waivers by state (active, expired, stale, unused, invalid).")
		byState := map[string]int{}
		for _, w := range r.Waivers {
			byState[w.State]++
		}
		for _, st := range slices.Sorted(maps.Keys(byState)) {
			sample("kubeassay_waivers", []string{"state", st}, float64(byState[st]))
		}
	}
	family("kubeassay_input_errors", "gauge", "Input documents that could not be read (their controls are ERROR, never PASS).")
	sample("kubeassay_input_errors", nil, float64(len(r.Errors)))
	family("kubeassay_scan_duration_seconds", "gauge", "How long the scan took.")
	sample("kubeassay_scan_duration_seconds", nil, r.Metadata.FinishedAt.Sub(r.Metadata.StartedAt).Seconds())
	family("kubeassay_scan_finished_timestamp_seconds", "gauge", "When the scan finished, in seconds since the epoch: time() minus it is the result's age.")
	sample("kubeassay_scan_finished_timestamp_seconds", nil, float64(r.Metadata.FinishedAt.Unix()))
	_, err := io.WriteString(w, b.String())
	return err
}

// promEscape escapes a label value: backslash, double quote and line feed.
func promEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}
