package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/kubeassay/kubeassay/report"
)

func render(t *testing.T, format string, res *report.Result) []byte {
	t.Helper()
	w, err := report.NewWriter(format, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf, res); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The JUnit output validates against the Jenkins xUnit plugin's JUnit
// schema with xmllint (libxml2-utils, installed by make report-tools), and
// a document the schema refuses is refused, so the validation is real.
func TestJUnitMatchesTheJenkinsSchema(t *testing.T) {
	xsd := filepath.Join("testdata", "junit", "junit-10.xsd")
	dir := t.TempDir()
	check := func(name string, data []byte) error {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("xmllint", "--noout", "--schema", xsd, f).CombinedOutput()
		if err != nil {
			return &xmlErr{string(out)}
		}
		return nil
	}
	res := demoResult(t)
	good := render(t, "junit", res)
	if err := check("demo.xml", good); err != nil {
		t.Fatalf("the JUnit output does not validate: %v", err)
	}
	// testsuite needs its failures count.
	bad := bytes.Replace(good, []byte(` failures="`), []byte(` fails="`), 2)
	if err := check("bad.xml", bad); err == nil {
		t.Fatal("xmllint accepted a testsuite without its failures attribute")
	}
	s := string(good)
	for _, want := range []string{
		`<testsuite name="pss-baseline: Pod Security Standards, Baseline v1.37"`,
		`<failure type="FAIL" message="high: `,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("JUnit output lacks %s", want)
		}
	}
	// A control's ERROR and SKIP become error and skipped, with the reason.
	res.Benchmarks[0].Controls[0].Status, res.Benchmarks[0].Controls[0].Reason = report.StatusError, "Pod could not be read: forbidden"
	res.Benchmarks[0].Controls[1].Status, res.Benchmarks[0].Controls[1].Reason = report.StatusSkip, "no object of its kinds"
	s = string(render(t, "junit", res))
	for _, want := range []string{`<error type="ERROR" message="Pod could not be read: forbidden">`, `<skipped type="SKIP" message="no object of its kinds">`} {
		if !strings.Contains(s, want) {
			t.Errorf("JUnit output lacks %s", want)
		}
	}
}

type xmlErr struct{ out string }

func (e *xmlErr) Error() string { return e.out }

// The CSV is RFC 4180 (it reads back with encoding/csv, CRLF line ends),
// has the documented columns, one row per finding each control lists, and
// defuses cells a spreadsheet would read as a formula.
func TestCSVRowsAndInjection(t *testing.T) {
	res := demoResult(t)
	want := 0
	for _, b := range res.Benchmarks {
		for _, c := range b.Controls {
			want += len(res.ControlFindings(&c))
		}
	}
	data := render(t, "csv", res)
	if !bytes.Contains(data, []byte("\r\n")) {
		t.Error("CSV lines do not end with CRLF")
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(report.CSVColumns, ",") || len(rows)-1 != want || want == 0 {
		t.Fatalf("header %v, %d rows, want %d", rows[0], len(rows)-1, want)
	}
	for i := range res.Checks {
		for j := range res.Checks[i].Findings {
			res.Checks[i].Findings[j].Message = "=HYPERLINK(\"http://evil\")"
			res.Checks[i].Findings[j].Resource.Name = "@evil"
		}
	}
	rows, err = csv.NewReader(bytes.NewReader(render(t, "csv", res))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	defused := 0
	for _, r := range rows[1:] {
		for _, cell := range r {
			if strings.HasPrefix(cell, "=") || strings.HasPrefix(cell, "@") {
				t.Errorf("a cell starts a formula: %q", cell)
			}
			if cell == "'=HYPERLINK(\"http://evil\")" {
				defused++
			}
		}
	}
	if defused != want {
		t.Errorf("%d messages defused, want %d", defused, want)
	}
}

// The Markdown summary escapes what comes from the scanned objects and
// stays under what a pull-request comment holds.
func TestMarkdownEscapesAndIsCapped(t *testing.T) {
	res := demoResult(t)
	for i := range res.Checks {
		for j := range res.Checks[i].Findings {
			res.Checks[i].Findings[j].Message = "<img src=x onerror=alert(1)> | **bold** " + strings.Repeat("x", 300)
		}
	}
	md := string(render(t, "markdown", res))
	if strings.Contains(md, "<img") || strings.Contains(md, "| **bold**") {
		t.Errorf("markup from an object's message reached the Markdown:\n%s", md)
	}
	if len(md) > 65536 {
		t.Errorf("the summary is %d bytes, more than a comment holds", len(md))
	}
	if !strings.Contains(md, "| Benchmark | Score |") {
		t.Errorf("no score table:\n%s", md)
	}
}

// The SARIF output validates against the official SARIF 2.1.0 schema; a
// finding read from YAML points at its file and line, and every one names
// its object as a logical location.
func TestSARIFMatchesTheOfficialSchema(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "sarif", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	res := demoResult(t)
	out := render(t, "sarif", res)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("the SARIF output does not match the schema: %v", err)
	}
	bad, _ := jsonschema.UnmarshalJSON(bytes.NewReader(bytes.Replace(out, []byte(`"level": "error"`), []byte(`"level": "fatal"`), 1)))
	if sch.Validate(bad) == nil {
		t.Fatal("a result of level fatal validates")
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct {
				RuleID    string
				Locations []struct {
					PhysicalLocation *struct {
						ArtifactLocation struct{ URI string }
						Region           *struct{ StartLine, StartColumn int }
					}
					LogicalLocations []struct{ FullyQualifiedName string }
				}
			}
		}
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Tool.Driver.Rules) != len(res.Checks) {
		t.Errorf("%d rules for %d checks", len(run.Tool.Driver.Rules), len(res.Checks))
	}
	want := 0
	for _, ch := range res.Checks {
		want += len(ch.Findings)
	}
	if len(run.Results) != want || want == 0 {
		t.Fatalf("%d results for %d findings", len(run.Results), want)
	}
	lined, fielded := 0, 0
	for _, r := range run.Results {
		l := r.Locations[0]
		if len(l.LogicalLocations) != 1 || l.LogicalLocations[0].FullyQualifiedName == "" {
			t.Errorf("%s: no logical location", r.RuleID)
		}
		if p := l.PhysicalLocation; p != nil && strings.HasSuffix(p.ArtifactLocation.URI, ".yaml") && p.Region != nil && p.Region.StartLine > 0 {
			lined++
			if p.Region.StartColumn > 1 {
				fielded++ // the field's own column, not the object's start
			}
		}
	}
	if fielded == 0 {
		t.Error("no result points at its field's column")
	}
	if lined != want {
		t.Errorf("%d of %d results from the demo's YAML point at a line", lined, want)
	}
}

// The Prometheus text validates with the Prometheus project's own parser,
// with the families and labels documented, and a label value from the
// scanned objects cannot break it.
func TestPrometheusParses(t *testing.T) {
	res := demoResult(t)
	res.Benchmarks[0].Sections[0].ID = "a \"quoted\"\nsection\\"
	out := render(t, "prometheus", res)
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("the Prometheus parser refuses the output: %v\n%s", err, out)
	}
	for _, name := range []string{"kubeassay_benchmark_score_percent", "kubeassay_section_score_percent", "kubeassay_controls", "kubeassay_findings", "kubeassay_scan_duration_seconds", "kubeassay_scan_finished_timestamp_seconds", "kubeassay_input_errors"} {
		if families[name] == nil || len(families[name].Metric) == 0 {
			t.Errorf("no %s", name)
		}
	}
	score := families["kubeassay_benchmark_score_percent"].Metric[0]
	if score.GetLabel()[0].GetValue() != "pss-baseline" || score.GetGauge().GetValue() < 66 || score.GetGauge().GetValue() > 67 {
		t.Errorf("score %v", score)
	}
	found := false
	for _, m := range families["kubeassay_section_score_percent"].Metric {
		for _, l := range m.GetLabel() {
			if l.GetName() == "section" && l.GetValue() == "a \"quoted\"\nsection\\" {
				found = true
			}
		}
	}
	if !found {
		t.Error("a section label with quotes and a line break did not survive")
	}
	if bytes.Contains(out, []byte("NaN")) {
		t.Error("a missing score became NaN instead of no sample")
	}
}

func TestPrometheusTimestampKeepsItsSeconds(t *testing.T) {
	res := demoResult(t)
	out := string(render(t, "prometheus", res))
	want := fmt.Sprintf("kubeassay_scan_finished_timestamp_seconds %d\n", res.Metadata.FinishedAt.Unix())
	if !strings.Contains(out, want) {
		t.Errorf("want %q in\n%s", want, out[strings.LastIndex(out, "# HELP"):])
	}
}
