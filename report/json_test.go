package report

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	json "github.com/goccy/go-json"
)

// onePass is the reference encoding: the whole Result in one go.
func onePass(t *testing.T, r *Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", jsonIndent)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The report is encoded control by control on all cores; the bytes must be
// those of one pass over the whole Result, whatever the shape.
func TestParallelJSONMatchesOnePass(t *testing.T) {
	pct := 50.0
	finding := func(i int) Finding {
		return Finding{Status: StatusFail, Check: "KA-POD-003", Message: fmt.Sprintf("container \"app-%d\" is <privileged> & \"controls\": null", i),
			Path: "spec.containers[0].securityContext.privileged", Value: map[string]any{"b": true, "a": []any{1.5, "x"}},
			Resource: Resource{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "ns", Name: fmt.Sprint("web-", i)}, AffectedPods: i}
	}
	control := func(id string, n int) Control {
		c := Control{ID: id, Title: "Title of " + id, Section: "s1", Severity: "high", Automated: true, Status: StatusFail, Checks: []string{"KA-POD-003"}, Remediation: "Fix it.\nNow."}
		for i := range n {
			c.Findings = append(c.Findings, finding(i))
		}
		return c
	}
	at := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	shapes := map[string]*Result{
		"empty":         {APIVersion: APIVersion, Kind: "ScanResult"},
		"no benchmarks": {APIVersion: APIVersion, Kind: "ScanResult", Benchmarks: []Benchmark{}, Errors: []InputError{}},
		"nil and empty controls": {APIVersion: APIVersion, Kind: "ScanResult", Benchmarks: []Benchmark{
			{ID: "a", Title: "A"}, {ID: "b", Title: "B", Controls: []Control{}},
		}},
		"many": {APIVersion: APIVersion, Kind: "ScanResult",
			Metadata: Metadata{ToolVersion: "v1", StartedAt: at, FinishedAt: at, Objects: map[string]int{"Pod": 3, "Deployment": 1}},
			Benchmarks: []Benchmark{
				{ID: "x", Title: "X", Score: Score{Percent: &pct, Pass: 1}, Sections: []Section{{ID: "s1", Title: "S"}}, Controls: []Control{control("x.1", 0), control("x.2", 300), control("x.3", 2)}},
				{ID: "y", Title: "Y", Controls: []Control{control("y.1", 5)}},
			},
			Errors: []InputError{{Message: "broken"}}},
	}
	for name, r := range shapes {
		var buf bytes.Buffer
		if err := (jsonWriter{}).Write(&buf, r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want := onePass(t, r); !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s: the parallel encoding differs from one pass:\n got %s\nwant %s", name, buf.Bytes(), want)
		}
	}
}
