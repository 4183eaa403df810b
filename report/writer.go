package report

import (
	"fmt"
	"io"
	"strings"
)

// Writer renders a Result in one format.
type Writer interface {
	Write(w io.Writer, r *Result) error
}

// Options tune the writers.
type Options struct {
	// Color enables ANSI colour (table); set it only for a terminal.
	Color bool
	// MaxFindings caps the findings the table lists per control; 0 means
	// DefaultMaxFindings, a negative number means all.
	MaxFindings int
	// Paper is the PDF page size: "a4" (the default) or "letter".
	Paper string
	// Pretty indents the JSON; it is compact otherwise.
	Pretty bool
	// SignedBy is the fingerprint of the key that signs the result
	// (--sign); the PDF says so beside the result's SHA-256.
	SignedBy string
}

// DefaultMaxFindings is how many findings the table lists per control.
const DefaultMaxFindings = 20

// formats lists the output formats, sorted; NewWriter has a case for each.
var formats = []string{"csv", "html", "json", "junit", "markdown", "pdf", "prometheus", "sarif", "table"}

// Formats lists the output formats, sorted.
func Formats() []string { return append([]string(nil), formats...) }

// NewWriter returns the writer for format.
func NewWriter(format string, opts Options) (Writer, error) {
	switch format {
	case "csv":
		return csvWriter{}, nil
	case "junit":
		return junitWriter{}, nil
	case "markdown":
		return markdownWriter{}, nil
	case "sarif":
		return sarifWriter{}, nil
	case "prometheus":
		return prometheusWriter{}, nil
	case "html":
		return htmlWriter{opts: opts}, nil
	case "json":
		return jsonWriter{pretty: opts.Pretty}, nil
	case "pdf":
		return pdfWriter{opts: opts}, nil
	case "table":
		return tableWriter{opts: opts}, nil
	}
	return nil, fmt.Errorf("unknown output format %q (one of: %s)", format, strings.Join(formats, ", "))
}
