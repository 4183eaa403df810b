package report

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"sort"
	"sync"

	json "github.com/goccy/go-json"
)

// jsonWriter writes the Result as JSON, the documented contract
// (docs/report-schema.json): compact, or indented with Options.Pretty.
//
// A large scan's report holds tens of thousands of findings. Encoding it in
// one piece grows one buffer to the size of the whole report on a single
// core; instead every check's record, which holds the findings, is encoded
// on its own, on all cores, at the depth it sits in the document, and the
// pieces are written into the rest of the document in order. The bytes are
// those of one encoding of the Result (TestParallelJSONMatchesOnePass).
type jsonWriter struct {
	pretty bool
}

const jsonIndent = "  "

// Depth of a check's record in the indented document: Result > checks[] >
// CheckResult.
const checkPrefix = "    "

func (j jsonWriter) Write(w io.Writer, r *Result) error {
	records := encodeChecks(r, j.pretty)
	// The document less its checks, left null at a place the records are
	// then written into.
	shell := *r
	shell.Checks = nil
	hole := []byte(`"checks":null`)
	var doc []byte
	var err error
	if j.pretty {
		hole = []byte("\n" + jsonIndent + `"checks": null`)
		doc, err = json.MarshalIndentWithOption(&shell, "", jsonIndent, json.DisableHTMLEscape())
	} else {
		doc, err = json.MarshalWithOption(&shell, json.DisableHTMLEscape())
	}
	if err != nil {
		return err
	}
	// Metadata, which comes before, has no key "checks", and a string
	// cannot hold the hole (its quotes would be escaped): the first is it.
	at := bytes.Index(doc, hole)
	if at < 0 {
		return errors.New("report: no place for the checks in the document")
	}
	if _, err := w.Write(doc[:at+len(hole)-len("null")]); err != nil {
		return err
	}
	if err := writeArray(w, records, r.Checks == nil, j.pretty); err != nil {
		return err
	}
	if _, err := w.Write(doc[at+len(hole):]); err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
}

// writeArray writes encoded elements as an array, indented with its
// elements at the depth of checkPrefix when pretty; a nil list is null.
func writeArray(w io.Writer, elems []piece, isNil, pretty bool) error {
	switch {
	case isNil:
		_, err := io.WriteString(w, "null")
		return err
	case len(elems) == 0:
		_, err := io.WriteString(w, "[]")
		return err
	}
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	sep, end := ",", "]"
	if pretty {
		sep, end = ",\n"+checkPrefix, "\n"+checkPrefix[:len(checkPrefix)-len(jsonIndent)]+"]"
	}
	for i, e := range elems {
		if e.err != nil {
			return e.err
		}
		switch {
		case i > 0:
			if _, err := io.WriteString(w, sep); err != nil {
				return err
			}
		case pretty:
			if _, err := io.WriteString(w, "\n"+checkPrefix); err != nil {
				return err
			}
		}
		if _, err := w.Write(e.data); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, end)
	return err
}

type piece struct {
	data []byte
	err  error
}

// encodeChecks encodes every check's record, largest first, on all cores.
func encodeChecks(r *Result, pretty bool) []piece {
	out := make([]piece, len(r.Checks))
	jobs := make([]int, len(r.Checks))
	for i := range jobs {
		jobs[i] = i
	}
	sort.SliceStable(jobs, func(a, b int) bool { return len(r.Checks[jobs[a]].Findings) > len(r.Checks[jobs[b]].Findings) })
	next := make(chan int, len(jobs))
	for _, j := range jobs {
		next <- j
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				var data []byte
				var err error
				if pretty {
					data, err = json.MarshalIndentWithOption(&r.Checks[i], checkPrefix, jsonIndent, json.DisableHTMLEscape())
				} else {
					data, err = json.MarshalWithOption(&r.Checks[i], json.DisableHTMLEscape())
				}
				out[i] = piece{data, err}
			}
		}()
	}
	wg.Wait()
	return out
}
