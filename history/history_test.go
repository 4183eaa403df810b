package history

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kubeassay/kubeassay/report"
)

func touch(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func ls(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestRunsGroupsAndOrdersAndIgnoresOthers(t *testing.T) {
	dir := t.TempDir()
	touch(t, dir,
		"kubeassay-20261207T030000Z.json", "kubeassay-20261207T030000Z.pdf",
		"kubeassay-20261206T030000Z.json",
		"kubeassay-20261207T030000Z-10.json", "kubeassay-20261207T030000Z-9.json",
		"notes.txt", "kubeassay-latest.json", "kubeassay-2026.json", ".kubeassay-20261207T030000Z.json.123.tmp")
	if err := os.Mkdir(filepath.Join(dir, "kubeassay-20261201T000000Z.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	runs, err := Runs(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range runs {
		ids = append(ids, r.ID)
	}
	want := []string{"20261206T030000Z", "20261207T030000Z", "20261207T030000Z-9", "20261207T030000Z-10"}
	if !reflect.DeepEqual(ids, want) {
		t.Fatalf("runs = %v, want %v", ids, want)
	}
	if !reflect.DeepEqual(runs[1].Files, []string{"kubeassay-20261207T030000Z.json", "kubeassay-20261207T030000Z.pdf"}) {
		t.Errorf("files of %s = %v", runs[1].ID, runs[1].Files)
	}
}

func TestRunsOfAMissingDirectoryIsAnError(t *testing.T) {
	if _, err := Runs(filepath.Join(t.TempDir(), "not-mounted")); err == nil {
		t.Fatal("no error for a directory that does not exist")
	}
	if _, err := NewRun(filepath.Join(t.TempDir(), "not-mounted"), time.Now()); err == nil {
		t.Fatal("NewRun: no error for a directory that does not exist")
	}
}

func TestNewRunNeverReusesAStamp(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 12, 7, 3, 0, 0, 0, time.FixedZone("CET", 3600))
	id, err := NewRun(dir, at)
	if err != nil || id != "20261207T020000Z" {
		t.Fatalf("NewRun = %q, %v; want the UTC stamp", id, err)
	}
	touch(t, dir, "kubeassay-20261207T020000Z.json")
	if id, _ = NewRun(dir, at); id != "20261207T020000Z-2" {
		t.Fatalf("second run in the same second = %q", id)
	}
	touch(t, dir, "kubeassay-20261207T020000Z-2.html")
	if id, _ = NewRun(dir, at); id != "20261207T020000Z-3" {
		t.Fatalf("third run in the same second = %q", id)
	}
}

func TestPruneKeepsTheNewestRunsAndNothingElse(t *testing.T) {
	dir := t.TempDir()
	touch(t, dir,
		"kubeassay-20261201T030000Z.json", "kubeassay-20261201T030000Z.html",
		"kubeassay-20261202T030000Z.json",
		"kubeassay-20261203T030000Z.json", "kubeassay-20261203T030000Z.pdf",
		"keep-me.json")
	removed, err := Prune(dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"kubeassay-20261201T030000Z.html", "kubeassay-20261201T030000Z.json"}; !reflect.DeepEqual(removed, want) {
		t.Errorf("removed %v, want %v", removed, want)
	}
	want := []string{"keep-me.json", "kubeassay-20261202T030000Z.json", "kubeassay-20261203T030000Z.json", "kubeassay-20261203T030000Z.pdf"}
	if got := ls(t, dir); !reflect.DeepEqual(got, want) {
		t.Errorf("left %v, want %v", got, want)
	}
	if removed, err := Prune(dir, 5); err != nil || len(removed) != 0 {
		t.Errorf("Prune under the count removed %v, %v", removed, err)
	}
	if _, err := Prune(dir, 0); err == nil {
		t.Error("Prune(0) would remove the run just written; want an error")
	}
}

func TestPruneOfAMissingDirectoryIsAnError(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gone")
	if _, err := Prune(dir, 1); err == nil {
		t.Fatal("no error for a directory that does not exist")
	}
}

func TestSummaryData(t *testing.T) {
	p, w := 75.0, 80.5
	res := &report.Result{
		Metadata: report.Metadata{
			StartedAt:  time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC),
			FinishedAt: time.Date(2026, 12, 7, 3, 0, 2, 500_000_000, time.UTC),
		},
		Benchmarks: []report.Benchmark{
			{ID: "cis-1.12", Score: report.Score{Percent: &p, WeightedPercent: &w, Pass: 3, Fail: 1, Error: 0, Manual: 2, Waived: 1}},
			{ID: "pss-restricted", Score: report.Score{Error: 4}},
		},
		Errors: []report.InputError{{}, {}},
	}
	s := Summarize(res, "20261207T030000Z", []string{"kubeassay-20261207T030000Z.json"}, []string{"20261206T030000Z", "20261207T030000Z"}, "")
	data, err := s.Data()
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		"status": "ok", "startedAt": "2026-12-07T03:00:00Z", "finishedAt": "2026-12-07T03:00:02Z",
		"duration": "2.5s", "run": "20261207T030000Z", "files": "kubeassay-20261207T030000Z.json",
		"runs": "20261206T030000Z\n20261207T030000Z", "inputErrors": "2",
	} {
		if data[k] != want {
			t.Errorf("data[%s] = %q, want %q", k, data[k], want)
		}
	}
	lines := strings.Split(strings.TrimSpace(data["scores"]), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "cis-1.12") || !strings.Contains(lines[1], "75.0%") || !strings.Contains(lines[1], "80.5%") {
		t.Errorf("scores:\n%s", data["scores"])
	}
	// A benchmark that decided nothing has no score, never 0% or 100%.
	if !strings.Contains(lines[2], "n/a") || strings.Contains(lines[2], "100") {
		t.Errorf("undecided benchmark: %q", lines[2])
	}
	var back Summary
	if err := json.Unmarshal([]byte(data["summary.json"]), &back); err != nil {
		t.Fatal(err)
	}
	if back.Benchmarks[0].Waived != 1 || back.Benchmarks[1].Percent != nil || back.InputErrors != 2 {
		t.Errorf("summary.json = %s", data["summary.json"])
	}
	gated := Summarize(res, "r", nil, nil, "kubeassay: cis-1.12 score 75.0% is below 90%")
	if gated.Status != "gates" || gated.Gates == "" {
		t.Errorf("gated summary = %+v", gated)
	}
}

func TestParseConfigMapRef(t *testing.T) {
	for ref, want := range map[string][2]string{"summary": {"", "summary"}, "ops/summary": {"ops", "summary"}} {
		ns, name, err := ParseConfigMapRef(ref)
		if err != nil || ns != want[0] || name != want[1] {
			t.Errorf("%q = %q %q %v", ref, ns, name, err)
		}
	}
	for _, bad := range []string{"", "/x", "ops/", "a/b/c"} {
		if _, _, err := ParseConfigMapRef(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// The latest results are the JSON files of the newest runs, oldest first;
// a run that wrote no JSON is passed over, and too few is an error naming
// the directory.
func TestLatestResults(t *testing.T) {
	dir := t.TempDir()
	touch(t, dir, "kubeassay-20261201T031700Z.json", "kubeassay-20261202T031700Z.json", "kubeassay-20261202T031700Z-2.json",
		"kubeassay-20261203T031700Z.pdf", "kubeassay-20261202T031700Z-10.json.gz", "notes.json")
	got, err := LatestResults(dir, 2)
	want := []string{filepath.Join(dir, "kubeassay-20261202T031700Z.json"), filepath.Join(dir, "kubeassay-20261202T031700Z-2.json")}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("LatestResults(2) = %v, %v; want %v", got, err, want)
	}
	if _, err := LatestResults(dir, 4); err == nil || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "3 run(s)") {
		t.Errorf("LatestResults(4): %v; want an error naming the dir and the 3 runs found", err)
	}
	if _, err := LatestResults(filepath.Join(dir, "absent"), 1); err == nil {
		t.Error("a missing directory gave no error")
	}
}
