package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/kubeassay/kubeassay/report"
)

func newReportCommand(s streams, v *viper.Viper) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report RESULT.json",
		Short: "Render a saved JSON result again, in any output format",
		Long: `Render a result saved with 'kubeassay scan -o json=FILE' again, without scanning: as a
table, an HTML page, an evidence PDF or JSON. Nothing is recomputed: the verdicts, reasons and
findings are the saved ones, so the same file always renders to the same report. Results of
this version (kubeassay/v2) and of v1 are read, gzipped or not; "-" reads standard input.

-o takes a format (` + strings.Join(report.Formats(), ", ") + `), optionally followed by =FILE; it can be repeated. The
default is a table on standard output.`,
		Example: `  kubeassay scan -o json=result.json
  kubeassay report result.json -o html=report.html -o pdf=evidence.pdf
  kubeassay report result.json -o pdf=evidence.pdf --paper letter
  kubeassay report result.json.gz -o json --pretty      # indented JSON of a gzipped result
  kubeassay report result.json --fail-on FAIL,ERROR     # a CI gate on a saved result`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			outputs, err := parseOutputs(stringList(v, "output"), report.Formats(), "table")
			if err != nil {
				return err
			}
			failOn, err := parseFailOn(v)
			if err != nil {
				return err
			}
			res, err := readResult(args[0], s.in)
			if err != nil {
				return err
			}
			return render(s, v, outputs, failOn, res)
		},
	}
	addOutputFlags(cmd.Flags())
	return cmd
}

// readResult reads a JSON result written by 'kubeassay scan -o json', of
// this version or v1 (converted), gzipped or not.
func readResult(path string, stdin io.Reader) (*report.Result, error) {
	in := stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		in = f
	}
	res, err := report.Read(in)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return res, nil
}
