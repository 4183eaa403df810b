package main

import (
	"bytes"
	"encoding/json"
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
findings are the saved ones, so the same file always renders to the same report. "-" reads
standard input.

-o takes a format (` + strings.Join(report.Formats(), ", ") + `), optionally followed by =FILE; it can be repeated. The
default is a table on standard output.`,
		Example: `  kubeassay scan -o json=result.json
  kubeassay report result.json -o html=report.html -o pdf=evidence.pdf
  kubeassay report result.json -o pdf=evidence.pdf --paper letter
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

// readResult reads a JSON result written by 'kubeassay scan -o json'.
func readResult(path string, stdin io.Reader) (*report.Result, error) {
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var res report.Result
	if err := dec.Decode(&res); err != nil {
		return nil, fmt.Errorf("%s: not a kubeassay JSON result: %w", path, err)
	}
	if res.APIVersion != report.APIVersion || res.Kind != report.Kind {
		return nil, fmt.Errorf("%s: apiVersion %q kind %q, want %q %q (a result from 'kubeassay scan -o json')", path, res.APIVersion, res.Kind, report.APIVersion, report.Kind)
	}
	return &res, nil
}
