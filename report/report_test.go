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

	"github.com/santhosh-tekuri/jsonschema/v6"

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
		{"json", "demo.json", report.Options{Pretty: true}},
		{"junit", "demo.junit.xml", report.Options{}},
		{"csv", "demo.csv", report.Options{}},
		{"markdown", "demo.md", report.Options{}},
		{"sarif", "demo.sarif", report.Options{}},
		{"prometheus", "demo.prom", report.Options{}},
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
	if len(seen) != 9 {
		t.Errorf("got %d formats, want table, json, html, pdf, junit, csv, markdown, sarif and prometheus", len(seen))
	}
}

// compileSchema compiles one of the documented schemas in docs/.
func compileSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "docs", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return sch
}

func validate(sch *jsonschema.Schema, data []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// TestJSONMatchesSchema validates the demo result, compact and indented,
// against the documented schema (docs/report-schema.json) with a JSON
// Schema validator, and the saved v1 result against v1's; a result with a
// part missing or of the wrong type does not validate.
func TestJSONMatchesSchema(t *testing.T) {
	v2 := compileSchema(t, "report-schema.json")
	res := demoResult(t)
	var compact []byte
	for _, pretty := range []bool{false, true} {
		var buf bytes.Buffer
		w, _ := report.NewWriter("json", report.Options{Pretty: pretty})
		if err := w.Write(&buf, res); err != nil {
			t.Fatal(err)
		}
		if err := validate(v2, buf.Bytes()); err != nil {
			t.Errorf("the result (pretty %v) does not match docs/report-schema.json: %v", pretty, err)
		}
		if !pretty {
			compact = buf.Bytes()
		}
	}
	v1, err := os.ReadFile(filepath.Join("testdata", "v1", "demo-pss-nsa.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := validate(compileSchema(t, "report-schema-v1.json"), v1); err != nil {
		t.Errorf("the saved v1 result does not match docs/report-schema-v1.json: %v", err)
	}
	if validate(v2, v1) == nil {
		t.Error("a v1 result matches the v2 schema")
	}
	for name, corrupt := range map[string]func(m map[string]any){
		"no checks":          func(m map[string]any) { delete(m, "checks") },
		"finding no message": func(m map[string]any) { delete(firstFinding(m), "message") },
		"finding status":     func(m map[string]any) { firstFinding(m)["status"] = "PASS" },
		"counts as text": func(m map[string]any) {
			m["benchmarks"].([]any)[0].(map[string]any)["controls"].([]any)[0].(map[string]any)["failed"] = "2"
		},
		"time": func(m map[string]any) { m["metadata"].(map[string]any)["startedAt"] = "yesterday" },
	} {
		var m map[string]any
		if err := json.Unmarshal(compact, &m); err != nil {
			t.Fatal(err)
		}
		corrupt(m)
		data, _ := json.Marshal(m)
		if validate(v2, data) == nil {
			t.Errorf("%s: the damaged result still matches the schema", name)
		}
	}
}

// firstFinding is the first finding of the first check that has one.
func firstFinding(m map[string]any) map[string]any {
	for _, c := range m["checks"].([]any) {
		if fs := c.(map[string]any)["findings"].([]any); len(fs) > 0 {
			return fs[0].(map[string]any)
		}
	}
	panic("no finding in the demo result")
}

// A scan that chose its benchmarks says so, with the reasons, in every
// writer that shows the scope, and its JSON still matches the schema.
func TestSelectionIsShown(t *testing.T) {
	res := demoResult(t)
	kubelets := map[string]int{"v1.33.5-eks-1": 3}
	nodes := 3
	res.Metadata.Cluster = &report.Cluster{Server: "https://eks.example", Version: "v1.33.5-eks-1", Nodes: &nodes, Platform: "eks", Evidence: []string{"node a: providerID aws://"}, Kubelets: kubelets}
	res.Metadata.Selection = &report.Selection{Platform: "eks", Version: "v1.33.5-eks-1",
		Benchmarks: []string{"cis-eks-1.8", "pss-restricted"},
		Reasons:    []string{"cis-eks-1.8: the CIS benchmark for Amazon EKS clusters", "pss-restricted: run on every cluster"},
		Evidence:   []string{"node a: providerID aws://"}}
	for _, format := range []string{"table", "html", "json"} {
		var buf bytes.Buffer
		w, err := report.NewWriter(format, report.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(&buf, res); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "cis-eks-1.8: the CIS benchmark for Amazon EKS clusters") {
			t.Errorf("%s does not say why cis-eks-1.8 was chosen", format)
		}
		if format == "json" {
			if err := validate(compileSchema(t, "report-schema.json"), buf.Bytes()); err != nil {
				t.Errorf("a result with a selection and kubelet versions does not match the schema: %v", err)
			}
		}
	}
}

// A scan that loaded policy directories says so, naming each with its
// checks and benchmarks, in every writer that shows the scope (the PDF with
// each one's digest), and its JSON still matches the schema; a policy
// directory without its digest does not.
func TestPolicyDirsAreShown(t *testing.T) {
	res := demoResult(t)
	digest := "sha256:" + strings.Repeat("c", 64)
	res.Metadata.PolicyDirs = []report.PolicyDir{{Path: "acme-policies", Digest: digest, Checks: []string{"ACME-POD-001", "ACME-POD-002"}, Benchmarks: []string{"acme-workloads"}}}
	want := "with the policies of acme-policies (checks ACME-POD-001, ACME-POD-002; benchmark acme-workloads)"
	for _, format := range []string{"table", "html", "json", "pdf"} {
		var buf bytes.Buffer
		w, err := report.NewWriter(format, report.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(&buf, res); err != nil {
			t.Fatal(err)
		}
		text := buf.String()
		switch format {
		case "json":
			if err := validate(compileSchema(t, "report-schema.json"), buf.Bytes()); err != nil {
				t.Errorf("a result with policy directories does not match the schema: %v", err)
			}
			var m map[string]any
			json.Unmarshal(buf.Bytes(), &m)
			delete(m["metadata"].(map[string]any)["policyDirs"].([]any)[0].(map[string]any), "digest")
			data, _ := json.Marshal(m)
			if validate(compileSchema(t, "report-schema.json"), data) == nil {
				t.Error("a policy directory without its digest matches the schema")
			}
			continue
		case "html":
			want = "<code>acme-policies</code> · checks ACME-POD-001, ACME-POD-002 · benchmarks acme-workloads · rules <code>" + digest + "</code>"
		case "pdf":
			_, text = pdfText(t, writePDF(t, "policy-dirs.pdf", buf.Bytes()))
			want = "acme-policies"
			if !strings.Contains(text, digest) || !strings.Contains(text, "not kubeassay's") {
				t.Errorf("the PDF does not give the policy directory's digest and say its rules are not kubeassay's:\n%s", text)
			}
		}
		if !strings.Contains(text, want) {
			t.Errorf("%s does not show the policy directory (%q)", format, want)
		}
	}
}
