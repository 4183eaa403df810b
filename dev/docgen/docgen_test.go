package docgen_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/kubeassay/kubeassay/dev/docgen"
	"github.com/kubeassay/kubeassay/scan"
)

var update = flag.Bool("update", false, "rewrite the generated pages under docs/")

// TestDocsAreFresh fails when a generated page under docs/ differs from what
// the catalogue says; `make docs` rewrites them.
func TestDocsAreFresh(t *testing.T) {
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	pages, err := docgen.Pages(b.Catalog, b.Benchmarks)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range pages {
		path := filepath.Join("..", "..", "docs", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("docs/%s is stale: run `make docs`", name)
		}
	}
	// No stale page for a benchmark that no longer exists.
	old, _ := filepath.Glob(filepath.Join("..", "..", "docs", "benchmarks", "*.md"))
	for _, p := range old {
		if _, ok := pages["benchmarks/"+filepath.Base(p)]; !ok {
			t.Errorf("%s belongs to no benchmark", p)
		}
	}
}
