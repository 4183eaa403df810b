package checks_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/policies"
	"github.com/kubeassay/kubeassay/sources/manifests"
)

// TestFixtures scans every fixture in a check's folder
// (policies/<area>/<check>/, beside its module) with only that check
// enabled, and asserts what the fixture's folder says:
//
//	pass/   the check judged an object and found nothing
//	fail/   at least one finding
//	skip/   the check does not apply: nothing judged, a skip reason, no finding
//	error/  data the check needs is missing: the object is undecided (unknown),
//	        never judged clean
//
// Every check has pass and fail fixtures; every node check has an error
// fixture too, so that none can pass on facts that were not read.
func TestFixtures(t *testing.T) {
	cat, err := checks.LoadCatalog(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("..", "policies")
	for _, ch := range cat.Checks {
		dir := filepath.Join(root, filepath.Dir(ch.File))
		t.Run(ch.ID, func(t *testing.T) {
			eng, err := checks.NewEngine(context.Background(), cat, []string{ch.ID}, checks.Options{})
			if err != nil {
				t.Fatal(err)
			}
			required := []string{"pass", "fail"}
			if slices.Equal(ch.Kinds, []checks.GroupKind{checks.NodeFacts}) {
				required = append(required, "error")
			}
			for _, verdict := range []string{"pass", "fail", "skip", "error"} {
				files, _ := filepath.Glob(filepath.Join(dir, verdict, "*.yaml"))
				if len(files) == 0 && slices.Contains(required, verdict) {
					t.Errorf("no %s fixture in %s", verdict, filepath.Join(dir, verdict))
				}
				for _, f := range files {
					res := scanFile(t, eng, f)
					if len(res.InputErrors) > 0 {
						t.Errorf("%s: input errors: %v", f, res.InputErrors)
					}
					if errs := res.CheckErrors[ch.ID]; len(errs) > 0 {
						t.Errorf("%s: check errors: %v", f, errs)
					}
					fails := 0
					for _, fd := range res.Findings {
						if !fd.Warn {
							fails++
						}
					}
					judged, skipped, unknown := res.Evaluated[ch.ID], len(res.Skipped[ch.ID]), len(res.Unknown[ch.ID])
					switch verdict {
					case "pass":
						if fails > 0 || judged == 0 || unknown > 0 {
							t.Errorf("%s: want judged and clean, got %d judged, %d unknown, findings %+v", f, judged, unknown, res.Findings)
						}
					case "fail":
						if fails == 0 {
							t.Errorf("%s: want a finding, got none (%d judged, unknown %+v, skipped %v)", f, judged, res.Unknown[ch.ID], res.Skipped[ch.ID])
						}
					case "skip":
						if judged > 0 || skipped == 0 || unknown > 0 || len(res.Findings) > 0 {
							t.Errorf("%s: want skipped, got %d judged, skipped %v, unknown %+v, findings %+v", f, judged, res.Skipped[ch.ID], res.Unknown[ch.ID], res.Findings)
						}
					case "error":
						if unknown == 0 || judged > 0 || fails > 0 {
							t.Errorf("%s: want undecided, got %d judged, skipped %v, unknown %+v, findings %+v", f, judged, res.Skipped[ch.ID], res.Unknown[ch.ID], res.Findings)
						}
					}
				}
			}
		})
	}
	// Every folder of an area is one check's: its module, its tests and its
	// fixture folders, and nothing else the tests would not read.
	modules := map[string]bool{}
	for _, ch := range cat.Checks {
		modules[ch.File] = true
	}
	folders, _ := filepath.Glob(filepath.Join(root, "*", "*"))
	for _, d := range folders {
		if filepath.Base(filepath.Dir(d)) == "lib" {
			continue
		}
		name := filepath.Base(d)
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			continue // embed.go, policies_test.go
		}
		if !modules[filepath.ToSlash(filepath.Join(filepath.Base(filepath.Dir(d)), name, name+".rego"))] {
			t.Errorf("%s: no check module %s.rego in it", d, name)
		}
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			switch {
			case e.IsDir() && slices.Contains([]string{"pass", "fail", "skip", "error"}, e.Name()):
			case !e.IsDir() && (e.Name() == name+".rego" || e.Name() == name+"_test.rego"):
			default:
				t.Errorf("%s: not part of a check folder (<check>.rego, <check>_test.rego, pass/, fail/, skip/, error/)", filepath.Join(d, e.Name()))
			}
		}
	}
}

func scanFile(t *testing.T, eng *checks.Engine, file string) *checks.Result {
	t.Helper()
	docs := make(chan checks.Document, 16)
	go func() {
		defer close(docs)
		if err := (&manifests.Reader{}).Read(context.Background(), []string{file}, docs); err != nil {
			t.Error(err)
		}
	}()
	res, err := eng.Run(context.Background(), docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}
