package report

import (
	"fmt"
	"io"
	"sort"
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
}

// DefaultMaxFindings is how many findings the table lists per control.
const DefaultMaxFindings = 20

// writers maps a format to its writer; a writer in a file of its own
// registers itself here from an init function.
var writers = map[string]func(Options) Writer{
	"json":  func(Options) Writer { return jsonWriter{} },
	"table": func(o Options) Writer { return tableWriter{opts: o} },
}

// Formats lists the output formats, sorted.
func Formats() []string {
	out := make([]string, 0, len(writers))
	for f := range writers {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// NewWriter returns the writer for format.
func NewWriter(format string, opts Options) (Writer, error) {
	mk, ok := writers[format]
	if !ok {
		return nil, fmt.Errorf("unknown output format %q (one of: %s)", format, strings.Join(Formats(), ", "))
	}
	return mk(opts), nil
}
