// Package history keeps the reports of repeated scans in one directory (a
// CronJob's PersistentVolumeClaim): each run's files share a name stamped
// with the time the scan started, the oldest runs past a retention count
// are removed, and a summary of the newest run is written where
// `kubectl get configmap` can read it.
package history

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Prefix starts the name of every file a run writes; files without it are
// never touched.
const Prefix = "kubeassay-"

// stampLayout is the time in a run's file names: sortable as text, and
// free of ':' (not allowed in ConfigMap keys and awkward on some volumes).
const stampLayout = "20060102T150405Z"

// runName matches a run's file name: the prefix, the stamp with an
// optional -N for runs started in the same second, and an extension.
var runName = regexp.MustCompile(`^` + Prefix + `(\d{8}T\d{6}Z(?:-\d+)?)\.([a-z0-9.]+)$`)

// Extensions are the file name extensions of each report format.
var Extensions = map[string]string{
	"json":       "json",
	"html":       "html",
	"pdf":        "pdf",
	"junit":      "junit.xml",
	"sarif":      "sarif",
	"csv":        "csv",
	"markdown":   "md",
	"prometheus": "prom",
	"table":      "txt",
}

// Run is one scan's files in the directory.
type Run struct {
	// ID is the stamp the files share: 20261207T030000Z, or
	// 20261207T030000Z-2 for the second run started in that second.
	ID    string
	Files []string // base names, sorted
}

// NewRun picks the ID of a run started at t: the stamp of t in UTC, with
// -2, -3, ... when files of that stamp already exist in dir.
func NewRun(dir string, t time.Time) (string, error) {
	runs, err := Runs(dir)
	if err != nil {
		return "", err
	}
	taken := map[string]bool{}
	for _, r := range runs {
		taken[r.ID] = true
	}
	base := t.UTC().Format(stampLayout)
	id := base
	for n := 2; taken[id]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	return id, nil
}

// FileName is the base name of a run's report in format.
func FileName(id, format string) (string, error) {
	ext, ok := Extensions[format]
	if !ok {
		return "", fmt.Errorf("no file name for format %q", format)
	}
	return Prefix + id + "." + ext, nil
}

// Runs lists the runs whose files are in dir, oldest first. Other files
// and directories are ignored; a directory that does not exist is an
// error (the volume is not mounted where it was said to be).
func Runs(dir string) ([]Run, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	byID := map[string]*Run{}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		m := runName.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		r := byID[m[1]]
		if r == nil {
			r = &Run{ID: m[1]}
			byID[m[1]] = r
		}
		r.Files = append(r.Files, e.Name())
	}
	runs := make([]Run, 0, len(byID))
	for _, r := range byID {
		slices.Sort(r.Files)
		runs = append(runs, *r)
	}
	slices.SortFunc(runs, func(a, b Run) int { return compareIDs(a.ID, b.ID) })
	return runs, nil
}

// compareIDs orders run IDs by stamp, then by their -N (so -10 comes after
// -9).
func compareIDs(a, b string) int {
	as, an := splitID(a)
	bs, bn := splitID(b)
	if c := strings.Compare(as, bs); c != 0 {
		return c
	}
	return an - bn
}

func splitID(id string) (stamp string, n int) {
	stamp, num, ok := strings.Cut(id, "-")
	if !ok {
		return stamp, 1
	}
	fmt.Sscanf(num, "%d", &n)
	return stamp, n
}

// Prune removes the files of the oldest runs in dir so that keep runs are
// left, and returns the names it removed. keep must be at least 1: the run
// just written is never removed by its own pruning.
func Prune(dir string, keep int) ([]string, error) {
	if keep < 1 {
		return nil, fmt.Errorf("retention %d: keep at least 1 run", keep)
	}
	runs, err := Runs(dir)
	if err != nil {
		return nil, err
	}
	var removed []string
	var errs []error
	for len(runs) > keep {
		for _, f := range runs[0].Files {
			if err := os.Remove(filepath.Join(dir, f)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
				continue
			}
			removed = append(removed, f)
		}
		runs = runs[1:]
	}
	return removed, errors.Join(errs...)
}

// LatestResults returns the paths of the JSON results of the last n runs
// in dir that wrote one, oldest first. Fewer than n is an error naming the
// directory: a comparison must not quietly compare less than was asked.
func LatestResults(dir string, n int) ([]string, error) {
	runs, err := Runs(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range slices.Backward(runs) {
		if len(out) == n {
			break
		}
		if name, _ := FileName(r.ID, "json"); slices.Contains(r.Files, name) {
			out = append(out, filepath.Join(dir, name))
		}
	}
	if len(out) < n {
		return nil, fmt.Errorf("%s: %d run(s) with a JSON result (%s<time>.%s), want %d", dir, len(out), Prefix, Extensions["json"], n)
	}
	slices.Reverse(out)
	return out, nil
}
