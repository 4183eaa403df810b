package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// demoResult scans the demo manifests with fixed times and version.
func demoResult(t *testing.T) *report.Result {
	t.Helper()
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	res, err := scan.Run(context.Background(), b, scan.Options{
		Benchmarks:  []string{"pss-baseline", "pss-restricted"},
		Files:       []string{"../testdata/demo"},
		ToolVersion: "v0.0.0-test",
	})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	res.Metadata.StartedAt, res.Metadata.FinishedAt = at, at.Add(1500*time.Millisecond)
	// The digest changes with every policy edit; its own test is in scan.
	res.Metadata.PolicyDigest = "sha256:" + strings.Repeat("0", 64)
	return res
}

func TestGolden(t *testing.T) {
	res := demoResult(t)
	for _, tt := range []struct {
		format, file string
		opts         report.Options
	}{
		{"table", "demo.table.txt", report.Options{}},
		{"table", "demo.table-color.txt", report.Options{Color: true, MaxFindings: 1}},
		{"json", "demo.json", report.Options{}},
	} {
		w, err := report.NewWriter(tt.format, tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := w.Write(&buf, res); err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", tt.file)
		if *update {
			if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./report -update to create it)", err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s output differs from %s (go test ./report -update rewrites it; review the diff):\n%s", tt.format, golden, buf.String())
		}
	}
}

func TestDeterministic(t *testing.T) {
	var outs [][]byte
	for range 3 {
		res := demoResult(t)
		w, _ := report.NewWriter("json", report.Options{})
		var buf bytes.Buffer
		if err := w.Write(&buf, res); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, buf.Bytes())
	}
	if !bytes.Equal(outs[0], outs[1]) || !bytes.Equal(outs[1], outs[2]) {
		t.Error("the same scan gave different JSON")
	}
}

func TestTableFitsTheWidth(t *testing.T) {
	res := demoResult(t)
	w, _ := report.NewWriter("table", report.Options{})
	var buf bytes.Buffer
	if err := w.Write(&buf, res); err != nil {
		t.Fatal(err)
	}
	for i, line := range bytes.Split(buf.Bytes(), []byte("\n")) {
		if n := len([]rune(string(line))); n > 100 {
			t.Errorf("line %d is %d columns wide: %s", i+1, n, line)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := report.NewWriter("xml", report.Options{}); err == nil {
		t.Error("want an error for an unknown format")
	}
}

// Every format Formats lists has a writer of its own in NewWriter's switch.
func TestEveryFormatHasItsWriter(t *testing.T) {
	seen := map[string]string{}
	for _, f := range report.Formats() {
		w, err := report.NewWriter(f, report.Options{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		typ := fmt.Sprintf("%T", w)
		if prev, dup := seen[typ]; dup {
			t.Errorf("%s and %s share the writer %s", prev, f, typ)
		}
		seen[typ] = f
	}
	if len(seen) != 4 {
		t.Errorf("got %d formats, want table, json, html and pdf", len(seen))
	}
}

// TestJSONMatchesSchema validates the demo report against the documented
// schema, with OPA's json.match_schema.
func TestJSONMatchesSchema(t *testing.T) {
	schema, err := os.ReadFile(filepath.Join("..", "docs", "report-schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, _ := report.NewWriter("json", report.Options{})
	if err := w.Write(&buf, demoResult(t)); err != nil {
		t.Fatal(err)
	}
	var doc, sch any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(schema, &sch); err != nil {
		t.Fatal(err)
	}
	rs, err := rego.New(rego.Query("x := json.match_schema(input.doc, input.schema)"),
		rego.Input(map[string]any{"doc": doc, "schema": sch})).Eval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := rs[0].Bindings["x"].([]any)
	if ok, _ := out[0].(bool); !ok {
		t.Errorf("the report does not match docs/report-schema.json: %v", out[1])
	}
}
