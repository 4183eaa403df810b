package checks_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/manifests"
	"github.com/kubeassay/kubeassay/policies"
)

// TestFixtures scans every fixture under testdata/checks/<check-id>/ with only
// that check enabled: a pass fixture must yield no finding and judge at least
// one object, a fail fixture at least one finding. Every check has both.
func TestFixtures(t *testing.T) {
	cat, err := checks.LoadCatalog(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("..", "testdata", "checks")
	for _, ch := range cat.Checks {
		t.Run(ch.ID, func(t *testing.T) {
			eng, err := checks.NewEngine(context.Background(), cat, []string{ch.ID}, checks.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, verdict := range []string{"pass", "fail"} {
				files, _ := filepath.Glob(filepath.Join(root, ch.ID, verdict, "*.yaml"))
				if len(files) == 0 {
					t.Errorf("no %s fixture in %s", verdict, filepath.Join(root, ch.ID, verdict))
				}
				for _, f := range files {
					res := scanFile(t, eng, f)
					if len(res.InputErrors) > 0 {
						t.Errorf("%s: input errors: %v", f, res.InputErrors)
					}
					if errs := res.CheckErrors[ch.ID]; len(errs) > 0 {
						t.Errorf("%s: check errors: %v", f, errs)
					}
					if res.Evaluated[ch.ID] == 0 {
						t.Errorf("%s: the check judged no object", f)
					}
					fails := 0
					for _, fd := range res.Findings {
						if !fd.Warn {
							fails++
						}
					}
					switch {
					case verdict == "pass" && fails > 0:
						t.Errorf("%s: want no finding, got %d: %+v", f, fails, res.Findings)
					case verdict == "fail" && fails == 0:
						t.Errorf("%s: want a finding, got none", f)
					}
				}
			}
		})
	}
	// No fixture directory for a check that does not exist.
	dirs, _ := os.ReadDir(root)
	for _, d := range dirs {
		if _, ok := cat.Check(d.Name()); !ok {
			t.Errorf("%s: no check has this id", filepath.Join(root, d.Name()))
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
