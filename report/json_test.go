package report

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	json "github.com/goccy/go-json"
)

// onePass is the reference encoding: the whole Result in one go.
func onePass(t *testing.T, r *Result, pretty bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	if pretty {
		enc.SetIndent("", jsonIndent)
	}
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The report is encoded check by check on all cores; the bytes must be
// those of one pass over the whole Result, whatever the shape, compact or
// indented.
func TestParallelJSONMatchesOnePass(t *testing.T) {
	pct := 50.0
	finding := func(i int) Finding {
		return Finding{Status: StatusFail, Check: "KA-POD-003", Message: fmt.Sprintf("container \"app-%d\" is <privileged> & \"checks\":null", i),
			Path: "spec.containers[0].securityContext.privileged", Value: map[string]any{"b": true, "a": []any{1.5, "x"}},
			Resource: Resource{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "ns", Name: fmt.Sprint("web-", i)}, AffectedPods: i}
	}
	check := func(id string, n int) CheckResult {
		c := CheckResult{ID: id, Title: "Title of " + id, Severity: "high", Evaluated: n + 1, Findings: []Finding{}}
		for i := range n {
			c.Findings = append(c.Findings, finding(i))
		}
		return c
	}
	control := func(id string, checks ...string) Control {
		return Control{ID: id, Title: "Title of " + id, Section: "s1", Severity: "high", Automated: true, Status: StatusFail, Checks: checks, Remediation: "Fix it.\nNow.", Failed: 3}
	}
	at := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	shapes := map[string]*Result{
		"empty":         {APIVersion: APIVersion, Kind: "ScanResult"},
		"no benchmarks": {APIVersion: APIVersion, Kind: "ScanResult", Checks: []CheckResult{}, Benchmarks: []Benchmark{}, Errors: []InputError{}},
		"nil and empty controls": {APIVersion: APIVersion, Kind: "ScanResult", Checks: []CheckResult{check("a", 0)}, Benchmarks: []Benchmark{
			{ID: "a", Title: "A"}, {ID: "b", Title: "B", Controls: []Control{}},
		}},
		"many": {APIVersion: APIVersion, Kind: "ScanResult",
			Metadata: Metadata{ToolVersion: "v1", StartedAt: at, FinishedAt: at, Objects: map[string]int{"Pod": 3, "Deployment": 1}, Command: []string{`"checks":null`}},
			Checks:   []CheckResult{check("KA-1", 0), check("KA-2", 300), check("KA-3", 2), check("KA-4", 5)},
			Benchmarks: []Benchmark{
				{ID: "x", Title: "X", Score: Score{Percent: &pct, Pass: 1}, Sections: []Section{{ID: "s1", Title: "S"}}, Controls: []Control{control("x.1", "KA-1"), control("x.2", "KA-2", "KA-3")}},
				{ID: "y", Title: "Y", Controls: []Control{control("y.1", "KA-4")}},
			},
			Errors: []InputError{{Message: "broken"}}},
	}
	for name, r := range shapes {
		for _, pretty := range []bool{false, true} {
			var buf bytes.Buffer
			if err := (jsonWriter{pretty: pretty}).Write(&buf, r); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if want := onePass(t, r, pretty); !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s (pretty %v): the parallel encoding differs from one pass:\n got %s\nwant %s", name, pretty, buf.Bytes(), want)
			}
		}
	}
}
