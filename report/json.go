package report

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"sort"
	"sync"

	json "github.com/goccy/go-json"
)

// jsonWriter writes the Result as indented JSON: the documented contract
// (docs/report-schema.json).
//
// A large scan's report holds tens of thousands of findings. Encoding it in
// one piece grows one buffer to the size of the whole report on a single
// core; instead every control is encoded on its own, on all cores, at the
// depth it sits in the document, and the pieces are written between the
// rest of the document in order. The bytes are those of one indented
// encoding of the Result (TestParallelJSONMatchesOnePass).
type jsonWriter struct{}

const jsonIndent = "  "

// Depth of a control object in the document: Result > benchmarks[] >
// Benchmark > controls[] > Control.
const controlPrefix = "        "

func (jsonWriter) Write(w io.Writer, r *Result) error {
	controls := encodeControls(r)
	// The document less its controls, each benchmark's list left null at
	// a place the controls are then written into.
	shell := *r
	if r.Benchmarks != nil {
		shell.Benchmarks = make([]Benchmark, len(r.Benchmarks))
	}
	for i, b := range r.Benchmarks {
		b.Controls = nil
		shell.Benchmarks[i] = b
	}
	doc, err := json.MarshalIndentWithOption(&shell, "", jsonIndent, json.DisableHTMLEscape())
	if err != nil {
		return err
	}
	// Within a benchmark at depth 2, its controls key is at depth 3.
	hole := []byte("\n      \"controls\": null")
	for i, b := range r.Benchmarks {
		at := bytes.Index(doc, hole)
		if at < 0 {
			return fmt.Errorf("report: no place for the controls of benchmark %s", b.ID)
		}
		if _, err := w.Write(doc[:at+len(hole)-len("null")]); err != nil {
			return err
		}
		doc = doc[at+len(hole):]
		if err := writeArray(w, controls[i], b.Controls == nil); err != nil {
			return err
		}
	}
	if _, err := w.Write(doc); err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
}

// writeArray writes encoded elements as an indented array whose elements
// sit at the depth of controlPrefix; a nil list is null.
func writeArray(w io.Writer, elems []piece, isNil bool) error {
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
	for i, e := range elems {
		if e.err != nil {
			return e.err
		}
		sep := "\n" + controlPrefix
		if i > 0 {
			sep = "," + sep
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		if _, err := w.Write(e.data); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "\n"+controlPrefix[:len(controlPrefix)-len(jsonIndent)]+"]")
	return err
}

type piece struct {
	data []byte
	err  error
}

// encodeControls encodes every control of every benchmark, largest first,
// on all cores.
func encodeControls(r *Result) [][]piece {
	out := make([][]piece, len(r.Benchmarks))
	type job struct{ b, c int }
	var jobs []job
	for bi, b := range r.Benchmarks {
		out[bi] = make([]piece, len(b.Controls))
		for ci := range b.Controls {
			jobs = append(jobs, job{bi, ci})
		}
	}
	size := func(j job) int { return len(r.Benchmarks[j.b].Controls[j.c].Findings) }
	sort.SliceStable(jobs, func(i, k int) bool { return size(jobs[i]) > size(jobs[k]) })
	next := make(chan job, len(jobs))
	for _, j := range jobs {
		next <- j
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				data, err := json.MarshalIndentWithOption(&r.Benchmarks[j.b].Controls[j.c], controlPrefix, jsonIndent, json.DisableHTMLEscape())
				out[j.b][j.c] = piece{data, err}
			}
		}()
	}
	wg.Wait()
	return out
}
