package report_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kubeassay/kubeassay/report"
)

// A result read back is the result written: the same bytes again, compact
// or indented, gzipped or not.
func TestReadRoundTrip(t *testing.T) {
	res := demoResult(t)
	for _, pretty := range []bool{false, true} {
		var buf bytes.Buffer
		w, _ := report.NewWriter("json", report.Options{Pretty: pretty})
		if err := w.Write(&buf, res); err != nil {
			t.Fatal(err)
		}
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(buf.Bytes())
		zw.Close()
		for name, in := range map[string][]byte{"plain": buf.Bytes(), "gzip": gz.Bytes()} {
			back, err := report.Read(bytes.NewReader(in))
			if err != nil {
				t.Fatalf("%s (pretty %v): %v", name, pretty, err)
			}
			var again bytes.Buffer
			if err := w.Write(&again, back); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again.Bytes(), buf.Bytes()) {
				t.Errorf("%s (pretty %v): written again, the result differs", name, pretty)
			}
			for _, ch := range back.Checks {
				for _, f := range ch.Findings {
					if f.Check != ch.ID {
						t.Fatalf("%s: a finding of %s read as %q's", name, ch.ID, f.Check)
					}
				}
			}
		}
	}
}

// A v1 result (a copy of each finding in every control mapping its check)
// is read as v2: every control keeps its status, reason, count of objects
// and exactly the findings v1 listed for it, in order, and each check's
// findings are stored once.
func TestReadConvertsV1(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "v1", "demo-pss-nsa.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v1 struct {
		Benchmarks []struct {
			ID       string
			Score    report.Score
			Controls []struct {
				ID, Status, Reason string
				Evaluated          int
				Findings           []map[string]any
			}
		}
	}
	if err := json.Unmarshal(data, &v1); err != nil {
		t.Fatal(err)
	}
	res, err := report.Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if res.APIVersion != report.APIVersion || len(res.Benchmarks) != 3 {
		t.Fatalf("read as %s with %d benchmarks", res.APIVersion, len(res.Benchmarks))
	}
	copies, stored := 0, 0
	for bi, b := range v1.Benchmarks {
		rb := res.Benchmarks[bi]
		if rb.ID != b.ID || !reflect.DeepEqual(rb.Score, b.Score) || len(rb.Controls) != len(b.Controls) {
			t.Fatalf("benchmark %s read as %s, score %+v, %d controls", b.ID, rb.ID, rb.Score, len(rb.Controls))
		}
		for ci, c := range b.Controls {
			rc := rb.Controls[ci]
			if rc.ID != c.ID || rc.Status != c.Status || rc.Reason != c.Reason || rc.Evaluated != c.Evaluated || rc.FindingCount() != len(c.Findings) {
				t.Errorf("%s %s: read as %+v", b.ID, c.ID, rc)
			}
			// The findings, as v2 gives them, rendered as v1 held them.
			var got []map[string]any
			for _, f := range res.ControlFindings(&rc) {
				js, _ := json.Marshal(f)
				var m map[string]any
				json.Unmarshal(js, &m)
				m["check"] = f.Check
				got = append(got, m)
			}
			if len(got) != 0 || len(c.Findings) != 0 {
				if !reflect.DeepEqual(got, c.Findings) {
					t.Errorf("%s %s: findings\n got %v\nwant %v", b.ID, c.ID, got, c.Findings)
				}
			}
			copies += len(c.Findings)
		}
	}
	for i, ch := range res.Checks {
		stored += len(ch.Findings)
		if i > 0 && res.Checks[i-1].ID >= ch.ID {
			t.Errorf("checks out of order: %s after %s", ch.ID, res.Checks[i-1].ID)
		}
	}
	if copies <= stored || stored == 0 {
		t.Errorf("v1 held %d findings, v2 stores %d: want fewer, none lost", copies, stored)
	}
	t.Logf("v1 held %d copies of findings, v2 stores %d", copies, stored)
}

// What is not a result is refused, naming what is wrong.
func TestReadRefuses(t *testing.T) {
	var buf bytes.Buffer
	w, _ := report.NewWriter("json", report.Options{})
	if err := w.Write(&buf, demoResult(t)); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(buf.Bytes())
	zw.Close()
	for name, tc := range map[string]struct {
		in, want string
	}{
		"snapshot":       {`{"apiVersion":"kubeassay/v1","kind":"Snapshot"}`, `kind "Snapshot"`},
		"future":         {strings.Replace(good, `"kubeassay/v2"`, `"kubeassay/v3"`, 1), `apiVersion "kubeassay/v3"`},
		"unknown field":  {strings.Replace(good, `"checks":[`, `"extra":1,"checks":[`, 1), "extra"},
		"v1 field in v2": {strings.Replace(good, `"failed":`, `"findings":[],"failed":`, 1), "findings"},
		"cut short":      {good[:len(good)/2], "not a kubeassay"},
		"gzip cut":       {gz.String()[:gz.Len()/2], "unexpected EOF"},
		"not json":       {"<html>", "not a kubeassay JSON result"},
	} {
		_, err := report.Read(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error naming %q", name, err, tc.want)
		}
	}
}
