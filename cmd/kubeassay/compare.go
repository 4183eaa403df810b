package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/kubeassay/kubeassay/compare"
	"github.com/kubeassay/kubeassay/history"
	"github.com/kubeassay/kubeassay/report"
)

// regressionError is --fail-on-regression matching: exit 1.
type regressionError struct{ d *compare.Drift }

func (e *regressionError) Error() string {
	return fmt.Sprintf("kubeassay: --fail-on-regression: %s newly failing, %s new",
		plural(len(e.d.NewlyFailing), "control"), plural(len(e.d.NewFindings), "finding"))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func newCompareCommand(s streams, v *viper.Viper) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "compare RESULT RESULT [RESULT...] | compare REPORT-DIR",
		Short: "Set scan results side by side: clusters, or one cluster over time",
		Long: `Compare saved JSON results (from 'kubeassay scan -o json=FILE', v2 or v1, gzipped or not):
each result is a column; per benchmark, its score in each with the difference to the first, and
the controls whose status differs (--all: every control). Controls of different benchmarks (CIS
EKS on one cluster, CIS GKE on another) are matched through the checks behind them, each with its
own id; one with no counterpart is shown as such. With two results, the drift from the first to
the second: controls newly failing, fixed and still failing, objects added and removed, and the
findings that appeared or went. --fail-on-regression exits 1 when anything newly fails.

A directory of reports written by 'scan --report-dir' (the CronJob's history) stands for its
latest JSON result; given alone, for its last two, so that 'kubeassay compare /reports' is what
changed in the last run.

-o takes a format (` + strings.Join(compare.Formats, ", ") + `), optionally followed by =FILE; it can be repeated.`,
		Example: `  kubeassay compare eks.json gke.json aks.json
  kubeassay compare last-month.json today.json --fail-on-regression
  kubeassay compare a.json b.json -o json=drift.json -o markdown=drift.md --all
  kubeassay compare /reports                  # the last two runs of a --report-dir
  kubeassay compare baseline.json /reports    # the baseline and the latest run`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			outputs, err := parseOutputs(stringList(v, compareOutputKey), compare.Formats, "table")
			if err != nil {
				return err
			}
			args, err = expandReportDirs(args)
			if err != nil {
				return err
			}
			var in []compare.Input
			for _, path := range args {
				res, err := readResult(path, s.in)
				if err != nil {
					return err
				}
				in = append(in, compare.Input{File: path, Result: res})
			}
			c, err := compare.Compare(in)
			if err != nil {
				return err
			}
			opts := compare.Options{All: v.GetBool(compareAllKey), Pretty: v.GetBool(comparePrettyKey), Paper: strings.ToLower(v.GetString(comparePaperKey))}
			if err := writeOutputs(s.out, outputs, func(o outputSpec, w io.Writer) error { return compare.Write(w, c, o.format, opts) }); err != nil {
				return err
			}
			if v.GetBool("fail-on-regression") {
				if c.Drift == nil {
					return fmt.Errorf("--fail-on-regression compares two results, got %d", len(args))
				}
				if c.Drift.Regressed() {
					return &regressionError{c.Drift}
				}
			}
			return nil
		},
	}
	f := cmd.Flags()
	addOutputFlag(f, compare.Formats, "table")
	ownSetting(f, "output", compareOutputKey)
	f.Bool("all", false, "list every control, not only those whose status differs")
	ownSetting(f, "all", compareAllKey)
	f.Bool("pretty", false, "indent the JSON")
	ownSetting(f, "pretty", comparePrettyKey)
	f.String("paper", "a4", "page size of the PDF: a4 or letter")
	ownSetting(f, "paper", comparePaperKey)
	addRegressionFlag(f)
	return cmd
}

// expandReportDirs replaces each directory among the arguments by the
// JSON result of its latest run (history.LatestResults); a directory given
// alone gives its last two. Two results at least are compared.
func expandReportDirs(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if a == "-" || err != nil || !fi.IsDir() {
			out = append(out, a) // read, and its error told, as a result
			continue
		}
		n := 1
		if len(args) == 1 {
			n = 2
		}
		paths, err := history.LatestResults(a, n)
		if err != nil {
			return nil, err
		}
		out = append(out, paths...)
	}
	if len(out) < 2 {
		return nil, fmt.Errorf("compare needs two results at least, got %d (a --report-dir alone stands for its last two runs)", len(out))
	}
	return out, nil
}

func addRegressionFlag(f *pflag.FlagSet) {
	f.Bool("fail-on-regression", false, "exit with 1 when a control newly fails or errors, or a finding is new (against the first result, or --baseline)")
}

// checkBaseline is scan's --baseline: the drift from the baseline result to
// this one, summarised on standard error, and --fail-on-regression.
func checkBaseline(s streams, v *viper.Viper, res *report.Result) error {
	path := v.GetString("baseline")
	if path == "" {
		if v.GetBool("fail-on-regression") {
			return fmt.Errorf("--fail-on-regression needs --baseline FILE on scan")
		}
		return nil
	}
	base, err := readResult(path, s.in)
	if err != nil {
		return fmt.Errorf("--baseline: %w", err)
	}
	c, err := compare.Compare([]compare.Input{{File: path, Result: base}, {File: "this scan", Result: res}})
	if err != nil {
		return err
	}
	d := c.Drift
	fmt.Fprintf(s.err, "kubeassay: against the baseline %s: %d controls newly failing, %d fixed, %d still failing; %d new findings, %d gone\n",
		path, len(d.NewlyFailing), len(d.Fixed), len(d.StillFailing), len(d.NewFindings), len(d.GoneFindings))
	for _, ch := range d.NewlyFailing {
		fmt.Fprintf(s.err, "  newly failing: %s %s %s (%s -> %s)\n", ch.Benchmark, ch.Control, ch.Title, ch.Before, ch.After)
	}
	if v.GetBool("fail-on-regression") && d.Regressed() {
		return &regressionError{d}
	}
	return nil
}
