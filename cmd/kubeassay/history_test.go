package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubeassay/kubeassay/history"
)

// Three scheduled runs into one directory with --keep 2: each writes its
// JSON, HTML and PDF under one stamp, the oldest run is removed, and the
// table still goes to standard output (the pod's log).
func TestReportDirKeepsHistory(t *testing.T) {
	dir := t.TempDir()
	touch := filepath.Join(dir, "not-ours.json")
	if err := os.WriteFile(touch, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	var first []string
	for i := 0; i < 3; i++ {
		r := runCLI(t, "", "scan", "-f", demo, "-b", "pss-baseline", "-o", "table", "-o", "json", "-o", "html", "-o", "pdf", "--report-dir", dir, "--keep", "2")
		if r.code != 0 && r.code != 1 {
			t.Fatalf("run %d: exit %d: %s", i, r.code, r.err)
		}
		if !strings.Contains(r.stdout, "pss-baseline") {
			t.Fatalf("run %d: no table on stdout:\n%s", i, r.stdout)
		}
		runs, err := history.Runs(dir)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = runs[0].Files
		}
		if want := min(i+1, 2); len(runs) != want {
			t.Fatalf("after run %d: %d runs kept, want %d", i, len(runs), want)
		}
		last := runs[len(runs)-1]
		if len(last.Files) != 3 || !strings.HasSuffix(last.Files[0], ".html") || !strings.HasSuffix(last.Files[1], ".json") || !strings.HasSuffix(last.Files[2], ".pdf") {
			t.Fatalf("run %d wrote %v", i, last.Files)
		}
		if i == 2 && !strings.Contains(r.err, "removed "+first[0]) {
			t.Errorf("the pruning is not said on stderr: %s", r.err)
		}
	}
	for _, f := range first {
		if _, err := os.Stat(filepath.Join(dir, f)); !os.IsNotExist(err) {
			t.Errorf("%s of the oldest run is still there", f)
		}
	}
	if _, err := os.Stat(touch); err != nil {
		t.Errorf("a file that is not a run's was touched: %v", err)
	}
}

func TestReportDirMistakes(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--report-dir", filepath.Join(dir, "absent"), "-o", "json"}, "--report-dir"},
		{[]string{"--report-dir", dir, "-o", "table"}, "no -o FORMAT without =FILE"},
		{[]string{"--report-dir", dir, "-o", "json", "--keep", "-1"}, "--keep -1"},
		{[]string{"--keep", "3", "-o", "json"}, "--keep needs --report-dir"},
		{[]string{"--summary-configmap", "ops/", "-o", "json"}, "--summary-configmap"},
	} {
		r := runCLI(t, "", append([]string{"scan", "-f", demo, "-b", "pss-baseline"}, tc.args...)...)
		if r.code != 2 || !strings.Contains(r.err, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 naming %q", tc.args, r.code, r.err, tc.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused run left files: %v", entries)
	}
}
