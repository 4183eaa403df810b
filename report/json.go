package report

import (
	json "github.com/goccy/go-json"
	"io"
)

// jsonWriter writes the Result as indented JSON: the documented contract
// (docs/report-schema.json).
type jsonWriter struct{}

func (jsonWriter) Write(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
