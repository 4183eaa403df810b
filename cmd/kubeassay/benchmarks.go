package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/spf13/cobra"

	"github.com/kubeassay/kubeassay/benchmarks"
	"github.com/kubeassay/kubeassay/scan"
)

func newBenchmarksCommand(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "benchmarks",
		Aliases: []string{"benchmark", "bench"},
		Short:   "List the benchmarks and show their controls",
		Args:    cobra.NoArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	var listOut, showOut string
	list := &cobra.Command{
		Use:     "list",
		Short:   "List the built-in benchmarks",
		Example: "  kubeassay benchmarks list\n  kubeassay benchmarks list -o json",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			b, err := scan.LoadBuiltin()
			if err != nil {
				return err
			}
			switch listOut {
			case "json":
				return writeJSON(s.out, b.Benchmarks)
			case "table", "":
				return listTable(s.out, b.Benchmarks)
			}
			return fmt.Errorf("-o %s: want table or json", listOut)
		},
	}
	list.Flags().StringVarP(&listOut, "output", "o", "table", "table or json")
	show := &cobra.Command{
		Use:     "show ID",
		Short:   "Show a benchmark's sections and controls",
		Example: "  kubeassay benchmarks show pss-restricted\n  kubeassay benchmarks show pss-baseline -o json",
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			b, err := scan.LoadBuiltin()
			if err != nil {
				return err
			}
			sel, err := b.Select(args)
			if err != nil {
				return err
			}
			switch showOut {
			case "json":
				return writeJSON(s.out, sel[0])
			case "table", "":
				return showTable(s.out, sel[0])
			}
			return fmt.Errorf("-o %s: want table or json", showOut)
		},
	}
	show.Flags().StringVarP(&showOut, "output", "o", "table", "table or json")
	cmd.AddCommand(list, show)
	return cmd
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

func listTable(w io.Writer, bs []*benchmarks.Benchmark) error {
	t := plainTable(w)
	t.Header("ID", "Title", "Version", "Controls", "Automated", "Manual")
	for _, b := range bs {
		auto, manual := b.Counts()
		if err := t.Append(b.ID, b.Title, b.Version, len(b.Controls), auto, manual); err != nil {
			return err
		}
	}
	return t.Render()
}

func showTable(w io.Writer, b *benchmarks.Benchmark) error {
	auto, manual := b.Counts()
	fmt.Fprintf(w, "%s (%s %s)\nSource: %s", b.Title, b.ID, b.Version, b.Source.Document)
	if b.Source.URL != "" {
		fmt.Fprintf(w, ", %s", b.Source.URL)
	}
	fmt.Fprintf(w, "\n%s\n%d controls: %d automated, %d manual\n\n", strings.TrimSpace(b.Description), len(b.Controls), auto, manual)
	t := plainTable(w)
	t.Header("Control", "Title", "Type", "Severity", "Checks")
	for _, s := range b.Sections {
		for _, c := range b.Controls {
			if c.Section != s.ID {
				continue
			}
			if err := t.Append(c.ID, c.Title, c.Type(), c.Severity, strings.Join(c.Checks, " ")); err != nil {
				return err
			}
		}
	}
	return t.Render()
}
