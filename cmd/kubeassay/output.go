package main

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"
)

// Every command that writes a result takes -o the same way: FORMAT or
// FORMAT=FILE, repeatable, one of the command's formats, through the
// configuration like every flag (KUBEASSAY_OUTPUT, kubeassay.yaml).

// outputSpec is one -o: a format, and the file it goes to.
type outputSpec struct {
	format string
	path   string // "" is standard output
}

// addOutputFlag adds -o for a command that writes formats, def when none
// is given.
func addOutputFlag(f *pflag.FlagSet, formats []string, def string) {
	f.StringArrayP("output", "o", nil, fmt.Sprintf("output FORMAT[=FILE] (repeatable): %s (default: %s on standard output)", strings.Join(formats, ", "), def))
}

// parseOutputs reads the -o of addOutputFlag: each spec is FORMAT or
// FORMAT=FILE, with FORMAT one of formats; none at all is def on standard
// output.
func parseOutputs(specs, formats []string, def string) ([]outputSpec, error) {
	if len(specs) == 0 {
		specs = []string{def}
	}
	var out []outputSpec
	for _, s := range specs {
		format, path, toFile := strings.Cut(s, "=")
		if !slices.Contains(formats, format) {
			return nil, fmt.Errorf("-o %s: unknown output format %q (one of: %s)", s, format, strings.Join(formats, ", "))
		}
		if toFile && path == "" {
			return nil, fmt.Errorf("-o %s: missing file name after '='", s)
		}
		out = append(out, outputSpec{format: format, path: path})
	}
	return out, nil
}

// writeOutputs writes each output through write: to stdout, or to its file,
// which is never left half written.
func writeOutputs(stdout io.Writer, outputs []outputSpec, write func(o outputSpec, w io.Writer) error) error {
	for _, o := range outputs {
		if o.path == "" {
			if err := write(o, stdout); err != nil {
				return err
			}
			continue
		}
		if err := writeFile(o.path, func(w io.Writer) error { return writeMaybeGzip(o, w, write) }); err != nil {
			return fmt.Errorf("-o %s=%s: %w", o.format, o.path, err)
		}
	}
	return nil
}

// writeFile writes a file through write without ever leaving half of it: a
// regular file is written beside its path and renamed into place when
// complete. A path that is not a regular file (/dev/null, a pipe) is
// written directly.
func writeFile(path string, write func(io.Writer) error) error {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		err = write(bw)
		if ferr := bw.Flush(); err == nil {
			err = ferr
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// writeMaybeGzip writes o through write, gzipped when its file name ends
// in .gz (-o json=result.json.gz). The gzip header carries no name or
// time, so the same result gives the same bytes.
func writeMaybeGzip(o outputSpec, w io.Writer, write func(o outputSpec, w io.Writer) error) error {
	if !strings.HasSuffix(o.path, ".gz") {
		return write(o, w)
	}
	zw := gzip.NewWriter(w)
	if err := write(o, zw); err != nil {
		return err
	}
	return zw.Close()
}
