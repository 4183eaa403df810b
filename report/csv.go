package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// CSVColumns are the columns of the CSV output, in order (docs/report.md
// documents them; they only ever grow at the end).
var CSVColumns = []string{
	"benchmark", "control", "control_title", "severity", "status", "check",
	"kind", "namespace", "name", "api_version", "affected_pods",
	"message", "path", "value", "origin",
	"waiver", "waiver_justification", "waiver_owner", "waiver_expires",
}

// csvWriter writes one row per finding per control that lists it (RFC
// 4180: CRLF line ends, fields quoted where needed), so that a
// spreadsheet filtered by benchmark shows each control's findings. A
// value is its JSON.
type csvWriter struct{}

func (csvWriter) Write(w io.Writer, r *Result) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(CSVColumns); err != nil {
		return err
	}
	for _, b := range r.Benchmarks {
		for _, c := range b.Controls {
			for _, f := range r.ControlFindings(&c) {
				value := ""
				if f.Value != nil {
					data, err := json.Marshal(f.Value)
					if err != nil {
						return err
					}
					value = string(data)
				}
				origin := ""
				if f.Origin != nil {
					origin = f.Origin.String()
				}
				pods := ""
				if f.AffectedPods > 0 {
					pods = fmt.Sprint(f.AffectedPods)
				}
				row := []string{b.ID, c.ID, c.Title, c.Severity, f.Status, f.Check,
					f.Resource.Kind, f.Resource.Namespace, f.Resource.Name, f.Resource.APIVersion, pods,
					f.Message, f.Path, value, origin, "", "", "", ""}
				if wv := f.Waiver; wv != nil {
					copy(row[len(row)-4:], []string{wv.ID, wv.Justification, wv.Owner, wv.Expires})
				}
				for i, cell := range row {
					row[i] = defuse(cell)
				}
				if err := cw.Write(row); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuse keeps a spreadsheet from reading a cell as a formula: a cell that
// starts with =, +, - or @ (an object or message an attacker may name) is
// prefixed with a quote, as OWASP's guidance on CSV injection says.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
