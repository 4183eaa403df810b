package report_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/waivers"
)

// waivedResult scans the waiver fixtures with one active, one expired and
// one stale waiver: baseline.privileged is WAIVED.
func waivedResult(t *testing.T) *report.Result {
	t.Helper()
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	later := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	rules := []waivers.Sourced{
		{Rule: waivers.Rule{Check: "KA-POD-003", Namespace: "tools", Justification: "tools <pods> & agents", Owner: "sre", Expires: later}, Source: "w.yaml: waivers[0]"},
		{Rule: waivers.Rule{Check: "KA-POD-005", Justification: "old", Owner: "sre", Expires: "2020-01-01"}, Source: "w.yaml: waivers[1]"},
		{Rule: waivers.Rule{Check: "KA-POD-006", Name: "gone", Justification: "gone", Owner: "sre", Expires: later}, Source: "w.yaml: waivers[2]"},
	}
	res, err := scan.Run(context.Background(), b, scan.Options{Benchmarks: []string{"pss-baseline"}, Files: []string{"../waivers/testdata/pods.yaml"},
		ToolVersion: "v0.0.0-test", Waivers: rules})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// Every output shows what was waived, by which waiver and why, and what
// became of the waivers; the JSON still matches its schema.
func TestEveryFormatShowsWaivers(t *testing.T) {
	res := waivedResult(t)
	want := map[string][]string{
		"table":      {"WAIVED  baseline.privileged", "WAIVED (config/1, sre until", "(1 waived control not counted)", "Waivers (4)", "expired", "stale", "invalid"},
		"json":       {`"status":"WAIVED"`, `"waiver":{"id":"config/1","was":"FAIL"`, `"waived":1`, `"state":"expired"`},
		"html":       {`data-status="WAIVED"`, "1 waived (not counted)", `id="waivers-h"`, "tools &lt;pods&gt; &amp; agents", `<th scope="col">Waived</th>`, "findings, 2 waived</span>"},
		"junit":      {`type="WAIVED"`, "waived by config/1"},
		"sarif":      {`"suppressions":[{"kind":"external","status":"accepted","justification":"tools`, `(config/1, sre until`},
		"csv":        {"WAIVED,KA-POD-003", "config/1,tools <pods> & agents,sre,"},
		"markdown":   {"need attention", "1 waived control not counted"},
		"prometheus": {`kubeassay_waivers{state="active"} 1`, `kubeassay_waivers{state="expired"} 1`, `status="WAIVED"`},
	}
	for format, needles := range want {
		var buf bytes.Buffer
		w, err := report.NewWriter(format, report.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(&buf, res); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		out := buf.String()
		if format == "sarif" {
			out = strings.NewReplacer("\n", "", " ", "").Replace(out)
			for i, n := range needles {
				needles[i] = strings.ReplaceAll(n, " ", "")
			}
		}
		for _, n := range needles {
			if !strings.Contains(out, n) {
				t.Errorf("%s lacks %q", format, n)
			}
		}
		switch format {
		case "json":
			if err := validate(compileSchema(t, "report-schema.json"), buf.Bytes()); err != nil {
				t.Errorf("a result with waivers does not match docs/report-schema.json: %v", err)
			}
		case "junit":
			if err := xml.Unmarshal(buf.Bytes(), new(any)); err != nil {
				t.Errorf("junit: %v", err)
			}
		}
	}
}

// The PDF counts WAIVED controls wherever it counts controls by status, so
// that no count leaves a control out: at a glance, in the chart, by section
// and by severity, where each row adds up to its total.
func TestPDFCountsWaived(t *testing.T) {
	res := waivedResult(t)
	raw, flat := pdfText(t, writePDF(t, "waived.pdf", renderPDF(t, res, report.Options{})))
	for _, n := range []string{"Skip Manual Waived", "WAIVED 1", "1 WAIVED", "SKIP, WARN, MANUAL and WAIVED controls count in neither"} {
		if !strings.Contains(flat, n) {
			t.Errorf("the PDF lacks %q", n)
		}
	}
	b := res.Benchmarks[0]
	sev := map[string][]int{}
	for _, c := range b.Controls {
		sev[c.Severity] = append(sev[c.Severity], 0)
	}
	// Rows of the severity table: a severity, 7 counts and the total.
	rows := 0
	for _, line := range strings.Split(raw, "\n") {
		f := strings.Fields(line)
		if len(f) != 9 || sev[f[0]] == nil && f[0] != "All" {
			continue
		}
		sum := 0
		for _, v := range f[1:8] {
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf("severity row %q: %v", line, err)
			}
			sum += n
		}
		if total, _ := strconv.Atoi(f[8]); sum != total {
			t.Errorf("severity row %q adds up to %d, not its total", line, sum)
		}
		rows++
	}
	if rows < 2 {
		t.Errorf("found %d rows of the severity table with a Waived column in:\n%s", rows, raw)
	}
}
