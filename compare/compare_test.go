package compare_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/kubeassay/kubeassay/compare"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
)

func scanDir(t *testing.T, b *scan.Builtin, dir string, bench ...string) *report.Result {
	t.Helper()
	res, err := scan.Run(context.Background(), b, scan.Options{Benchmarks: bench, Files: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The comparison's JSON matches docs/compare-schema.json, with and without
// drift and alignment, and a corrupted one does not.
func TestComparisonMatchesItsSchema(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "docs", "compare-schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("compare-schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("compare-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	demo := filepath.Join("..", "testdata", "demo")
	a := scanDir(t, b, demo, "pss-baseline")
	bb := scanDir(t, b, demo, "pss-restricted", "nsa-cisa-1.2")
	for name, in := range map[string][]compare.Input{
		"two, same benchmarks":  {{File: "a.json", Result: a}, {File: "a2.json", Result: a}},
		"two, other benchmarks": {{File: "a.json", Result: a}, {File: "b.json", Result: bb}},
		"three":                 {{File: "a.json", Result: a}, {File: "b.json", Result: bb}, {File: "c.json", Result: a}},
	} {
		cmp, err := compare.Compare(in)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := compare.Write(&buf, cmp, "json", compare.Options{}); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(strings.Replace(buf.String(), `"kind":"Comparison"`, `"kind":"Other"`, 1)))
		if sch.Validate(bad) == nil {
			t.Errorf("%s: a document of another kind validates", name)
		}
		if (len(in) == 2) != (cmp.Drift != nil) {
			t.Errorf("%s: drift %v", name, cmp.Drift)
		}
	}
	if _, err := compare.Compare([]compare.Input{{File: "a.json", Result: a}}); err == nil {
		t.Error("one result compared")
	}
}

// The HTML page escapes what comes from the results and shows the drift.
func TestHTMLEscapesAndShowsTheDrift(t *testing.T) {
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	demo := filepath.Join("..", "testdata", "demo")
	a := scanDir(t, b, demo, "pss-baseline")
	bb := scanDir(t, b, demo, "pss-baseline")
	for i := range bb.Checks {
		for j := range bb.Checks[i].Findings {
			bb.Checks[i].Findings[j].Message = `<script>alert(1)</script>`
		}
	}
	c, err := compare.Compare([]compare.Input{{File: "a.json", Result: a}, {File: "<b>.json", Result: bb}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := compare.Write(&buf, c, "html", compare.Options{}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if strings.Contains(page, "<script>") || strings.Contains(page, "<b>.json") {
		t.Error("text from a result reached the page unescaped")
	}
	for _, want := range []string{"Drift from a to &lt;b&gt;", "New findings", "&lt;script&gt;alert(1)&lt;/script&gt;", "Findings gone"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

// The PDF renders, says the drift, and is the same bytes for the same
// comparison.
func TestPDFRendersTheDrift(t *testing.T) {
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	demo := filepath.Join("..", "testdata", "demo")
	a := scanDir(t, b, demo, "pss-baseline")
	bb := scanDir(t, b, demo, "pss-restricted")
	c, err := compare.Compare([]compare.Input{{File: "a.json", Result: a}, {File: "b.json", Result: bb}})
	if err != nil {
		t.Fatal(err)
	}
	var one, two bytes.Buffer
	if err := compare.Write(&one, c, "pdf", compare.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := compare.Write(&two, c, "pdf", compare.Options{Paper: "a4"}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(one.Bytes(), two.Bytes()) {
		t.Error("two renders of one comparison differ")
	}
	f := filepath.Join(t.TempDir(), "c.pdf")
	os.WriteFile(f, one.Bytes(), 0o644)
	text, err := exec.Command("pdftotext", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Kubernetes security comparison", "Drift from a to b", "matched by their checks"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if err := compare.Write(&one, c, "pdf", compare.Options{Paper: "a5"}); err == nil {
		t.Error("paper a5 accepted")
	}
}
