package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/kubeassay/kubeassay/benchmarks"
)

func newBenchmarksCommand(s streams, v *viper.Viper) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "benchmarks",
		Aliases: []string{"benchmark", "bench"},
		Short:   "List the benchmarks and show their controls",
		Args:    cobra.NoArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	list := &cobra.Command{
		Use:     "list",
		Short:   "List the built-in benchmarks, and those of --policy-dir",
		Example: "  kubeassay benchmarks list\n  kubeassay benchmarks list -o json\n  kubeassay benchmarks list --policy-dir ./my-policies",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			b, err := loadPolicies(v)
			if err != nil {
				return err
			}
			return writeTableOrJSON(s, v, benchmarksOutputKey, "table", b.Benchmarks, func(w io.Writer) error { return listTable(w, b.Benchmarks) })
		},
	}
	addOutputFlag(list.Flags(), []string{"table", "json"}, "table")
	ownSetting(list.Flags(), "output", benchmarksOutputKey)
	addPolicyDirFlag(list.Flags())
	show := &cobra.Command{
		Use:     "show ID",
		Short:   "Show a benchmark's sections and controls",
		Example: "  kubeassay benchmarks show pss-restricted\n  kubeassay benchmarks show pss-baseline -o json\n  kubeassay benchmarks show acme-workloads --policy-dir ./my-policies",
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			b, err := loadPolicies(v)
			if err != nil {
				return err
			}
			sel, err := b.Select(args)
			if err != nil {
				return err
			}
			return writeTableOrJSON(s, v, benchmarksOutputKey, "table", sel[0], func(w io.Writer) error { return showTable(w, sel[0]) })
		},
	}
	addOutputFlag(show.Flags(), []string{"table", "json"}, "table")
	ownSetting(show.Flags(), "output", benchmarksOutputKey)
	addPolicyDirFlag(show.Flags())
	cmd.AddCommand(list, show)
	return cmd
}

// writeTableOrJSON writes the -o (setting key) of a command that prints
// val: as JSON, or in its text form (format text, written by table), the
// default; to standard output or files.
func writeTableOrJSON(s streams, v *viper.Viper, key, text string, val any, table func(io.Writer) error) error {
	outputs, err := parseOutputs(stringList(v, key), []string{text, "json"}, text)
	if err != nil {
		return err
	}
	return writeOutputs(s.out, outputs, func(o outputSpec, w io.Writer) error {
		if o.format == "json" {
			return writeJSON(w, val)
		}
		return table(w)
	})
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func plainTable(w io.Writer) *tablewriter.Table {
	return tablewriter.NewTable(w,
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRendition(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)}),
	)
}

// listTable lists the benchmarks; with some of a policy directory, a last
// column says where each is from.
func listTable(w io.Writer, bs []*benchmarks.Benchmark) error {
	custom := slices.ContainsFunc(bs, func(b *benchmarks.Benchmark) bool { return b.PolicyDir != "" })
	t := plainTable(w)
	header := []any{"ID", "Title", "Version", "Controls", "Automated", "Manual", "Document marks"}
	if custom {
		header = append(header, "From")
	}
	t.Header(header...)
	for _, b := range bs {
		auto, manual := b.Counts()
		row := []any{b.ID, b.Title, b.Version, len(b.Controls), auto, manual, documentMarks(b)}
		if custom {
			row = append(row, from(b))
		}
		if err := t.Append(row...); err != nil {
			return err
		}
	}
	return t.Render()
}

// from says where a benchmark's definition is from.
func from(b *benchmarks.Benchmark) string {
	if b.PolicyDir == "" {
		return "built-in"
	}
	return "--policy-dir " + b.PolicyDir
}

// documentMarks says how many controls the document itself marks
// automated and manual, "-" for a document without such marks.
func documentMarks(b *benchmarks.Benchmark) string {
	auto, manual := b.DocumentCounts()
	if auto+manual == 0 {
		return "-"
	}
	return fmt.Sprintf("%d automated, %d manual", auto, manual)
}

func showTable(w io.Writer, b *benchmarks.Benchmark) error {
	auto, manual := b.Counts()
	fmt.Fprintf(w, "%s (%s %s)\nSource: %s", b.Title, b.ID, b.Version, b.Source.Document)
	if b.Source.URL != "" {
		fmt.Fprintf(w, ", %s", b.Source.URL)
	}
	if b.PolicyDir != "" {
		fmt.Fprintf(w, "\nFrom --policy-dir %s (%s)", b.PolicyDir, b.File)
	}
	fmt.Fprintf(w, "\n%s\n%d controls: %d automated, %d manual", strings.TrimSpace(b.Description), len(b.Controls), auto, manual)
	if marks := documentMarks(b); marks != "-" {
		fmt.Fprintf(w, " (the document marks %s)", marks)
	}
	fmt.Fprintf(w, "\n\n")
	t := plainTable(w)
	t.Header("Control", "Title", "Type", "Document", "Severity", "Checks")
	for _, s := range b.Sections {
		for _, c := range b.Controls {
			if c.Section != s.ID {
				continue
			}
			if err := t.Append(c.ID, c.Title, c.Type(), orDash(c.Assessment), c.Severity, strings.Join(c.Checks, " ")); err != nil {
				return err
			}
		}
	}
	return t.Render()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
