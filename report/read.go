package report

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	stdjson "encoding/json"

	json "github.com/goccy/go-json"

	"github.com/kubeassay/kubeassay/checks"
)

// Read reads a JSON result as the json writer writes it, gzipped or not:
// one of APIVersion, or of APIVersionV1, converted. A field the version
// does not define is an error, so a document of another kind, or damaged,
// is never taken for a result with parts missing.
func Read(r io.Reader) (*Result, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 1<<20)
	}
	data, err := io.ReadAll(br)
	if err != nil {
		return nil, err
	}
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("not a kubeassay JSON result: %w", err)
	}
	if head.Kind != Kind || (head.APIVersion != APIVersion && head.APIVersion != APIVersionV1) {
		return nil, fmt.Errorf("apiVersion %q kind %q, want %q (or %q) %q: not a result of 'kubeassay scan -o json'",
			head.APIVersion, head.Kind, APIVersion, APIVersionV1, Kind)
	}
	// The standard library's decoder, because it alone refuses unknown
	// fields in linear time: go-json does it only when streaming, where
	// every escaped string moves the rest of its buffer (30 s for the
	// 19 MB result of a 100k-object scan, against 0.3 s).
	dec := stdjson.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if head.APIVersion == APIVersionV1 {
		var v1 resultV1
		if err := dec.Decode(&v1); err != nil {
			return nil, fmt.Errorf("not a kubeassay %s result: %w", APIVersionV1, err)
		}
		return v1.convert(), nil
	}
	var res Result
	if err := dec.Decode(&res); err != nil {
		return nil, fmt.Errorf("not a kubeassay %s result: %w", APIVersion, err)
	}
	// The records are sorted by id when written; a document sorted
	// otherwise by hand must still find its checks.
	slices.SortStableFunc(res.Checks, func(a, b CheckResult) int { return strings.Compare(a.ID, b.ID) })
	for i := range res.Checks {
		for j := range res.Checks[i].Findings {
			res.Checks[i].Findings[j].Check = res.Checks[i].ID
		}
	}
	return &res, nil
}

// The v1 result (kubeassay/v1) held a copy of each finding in every control
// that maps its check.
type resultV1 struct {
	APIVersion string        `json:"apiVersion"`
	Kind       string        `json:"kind"`
	Metadata   Metadata      `json:"metadata"`
	Benchmarks []benchmarkV1 `json:"benchmarks"`
	Errors     []InputError  `json:"errors"`
}

type benchmarkV1 struct {
	ID       string      `json:"id"`
	Title    string      `json:"title"`
	Version  string      `json:"version"`
	Document string      `json:"document"`
	URL      string      `json:"url,omitempty"`
	Score    Score       `json:"score"`
	Sections []Section   `json:"sections"`
	Controls []controlV1 `json:"controls"`
}

type controlV1 struct {
	ID          string      `json:"id"`
	Title       string      `json:"title"`
	Section     string      `json:"section"`
	Severity    string      `json:"severity"`
	Automated   bool        `json:"automated"`
	Status      string      `json:"status"`
	Reason      string      `json:"reason,omitempty"`
	Checks      []string    `json:"checks,omitempty"`
	Remediation string      `json:"remediation,omitempty"`
	Audit       string      `json:"audit,omitempty"`
	Evaluated   int         `json:"evaluated"`
	Findings    []findingV1 `json:"findings"`
}

type findingV1 struct {
	Status       string         `json:"status"`
	Check        string         `json:"check"`
	Message      string         `json:"message"`
	Path         string         `json:"path,omitempty"`
	Value        any            `json:"value,omitempty"`
	Resource     Resource       `json:"resource"`
	AffectedPods int            `json:"affectedPods,omitempty"`
	Origin       *checks.Origin `json:"origin,omitempty"`
}

// convert stores each check's findings once: those of the first control
// that maps it (every control mapping a check held the same copy). A v1
// control counted the objects of its checks together (the most any of them
// judged): a check's own count is taken from a control that maps it alone,
// that most otherwise. v1 did not name a check's title or severity.
func (v1 *resultV1) convert() *Result {
	out := &Result{APIVersion: APIVersion, Kind: v1.Kind, Metadata: v1.Metadata, Checks: []CheckResult{},
		Benchmarks: make([]Benchmark, 0, len(v1.Benchmarks)), Errors: v1.Errors}
	records := map[string]*CheckResult{}
	exact := map[string]bool{}
	for _, b := range v1.Benchmarks {
		rb := Benchmark{ID: b.ID, Title: b.Title, Version: b.Version, Document: b.Document, URL: b.URL,
			Score: b.Score, Sections: b.Sections, Controls: make([]Control, 0, len(b.Controls))}
		for _, c := range b.Controls {
			rc := Control{ID: c.ID, Title: c.Title, Section: c.Section, Severity: c.Severity, Automated: c.Automated,
				Status: c.Status, Reason: c.Reason, Checks: c.Checks, Remediation: c.Remediation, Audit: c.Audit, Evaluated: c.Evaluated}
			for _, f := range c.Findings {
				if f.Status == StatusWarn {
					rc.Warned++
				} else {
					rc.Failed++
				}
			}
			rb.Controls = append(rb.Controls, rc)
			if !c.Automated {
				continue
			}
			for _, id := range c.Checks {
				rec := records[id]
				if rec == nil {
					rec = &CheckResult{ID: id, Findings: []Finding{}}
					for _, f := range c.Findings {
						if f.Check == id {
							rec.Findings = append(rec.Findings, Finding{Status: f.Status, Check: f.Check, Message: f.Message, Path: f.Path,
								Value: f.Value, Resource: f.Resource, AffectedPods: f.AffectedPods, Origin: f.Origin})
						}
					}
					records[id] = rec
				}
				switch alone := len(c.Checks) == 1; {
				case alone && !exact[id]:
					rec.Evaluated, exact[id] = c.Evaluated, true
				case !exact[id]:
					rec.Evaluated = max(rec.Evaluated, c.Evaluated)
				}
			}
		}
		out.Benchmarks = append(out.Benchmarks, rb)
	}
	for _, id := range slices.Sorted(maps.Keys(records)) {
		out.Checks = append(out.Checks, *records[id])
	}
	return out
}
