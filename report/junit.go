package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// junitWriter writes JUnit XML, as CI servers read test results: a
// testsuite per benchmark and a testcase per control. FAIL is a failure
// listing the findings, ERROR an error with the reason, MANUAL and SKIP are
// skipped with the reason, WARN passes with the warnings in system-out, PASS
// passes. Validated against Jenkins' JUnit schema (testdata/junit).
type junitWriter struct{}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	ID         string          `xml:"id,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure"`
	Error     *junitMessage `xml:"error"`
	Skipped   *junitMessage `xml:"skipped"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Type    string `xml:"type,attr"`
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

func (junitWriter) Write(w io.Writer, r *Result) error {
	secs := fmt.Sprintf("%.3f", r.Metadata.FinishedAt.Sub(r.Metadata.StartedAt).Seconds())
	out := junitSuites{Name: "kubeassay", Time: secs}
	for _, b := range r.Benchmarks {
		s := junitSuite{Name: fmt.Sprintf("%s: %s %s", b.ID, b.Title, b.Version), ID: b.ID, Time: secs}
		if !r.Metadata.StartedAt.IsZero() {
			s.Timestamp = r.Metadata.StartedAt.UTC().Format("2006-01-02T15:04:05")
		}
		s.Properties = []junitProperty{
			{"benchmark", b.ID}, {"version", b.Version},
			{"score", percentText(b.Score.Percent)}, {"weightedScore", percentText(b.Score.WeightedPercent)},
		}
		for _, c := range b.Controls {
			tc := junitCase{Name: c.ID + " " + c.Title, Classname: b.ID + "." + c.Section, Time: "0"}
			findings := r.ControlFindings(&c)
			switch c.Status {
			case StatusFail:
				s.Failures++
				tc.Failure = &junitMessage{Type: StatusFail,
					Message: fmt.Sprintf("%s: %s", c.Severity, plural(c.Failed, "finding", "findings")),
					Text:    findingLines(findings, StatusFail)}
			case StatusError:
				s.Errors++
				tc.Error = &junitMessage{Type: StatusError, Message: c.Reason}
			case StatusManual, StatusSkip:
				s.Skipped++
				tc.Skipped = &junitMessage{Type: c.Status, Message: c.Reason}
			case StatusWarn:
				tc.SystemOut = findingLines(findings, StatusWarn)
			case StatusWaived:
				// Accepted, not passed: CI shows it as skipped, with why.
				s.Skipped++
				tc.Skipped = &junitMessage{Type: StatusWaived, Message: c.Reason}
				tc.SystemOut = findingLines(findings, StatusWaived)
			}
			s.Cases = append(s.Cases, tc)
		}
		s.Tests = len(s.Cases)
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Suites = append(out.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// findingLines lists the findings of a status, one per line: the object,
// the message and the field.
func findingLines(fs []Finding, status string) string {
	var b strings.Builder
	for _, f := range fs {
		if f.Status != status {
			continue
		}
		b.WriteString(f.Resource.String())
		if f.AffectedPods > 0 {
			fmt.Fprintf(&b, " (%d pods)", f.AffectedPods)
		}
		b.WriteString(": " + f.Message)
		if f.Path != "" {
			b.WriteString(" at " + f.Path)
		}
		if wv := f.Waiver; wv != nil {
			fmt.Fprintf(&b, " [waived by %s, %s until %s: %s]", wv.ID, cmpOr(wv.Owner, "no owner given"), wv.Expires, wv.Justification)
		}
		b.WriteString("\n")
	}
	return b.String()
}
