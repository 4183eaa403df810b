package benchmarks_test

import (
	"strings"
	"testing"

	"github.com/kubeassay/kubeassay/benchmarks"
)

func TestCISForMapsKubernetesVersions(t *testing.T) {
	tests := []struct {
		gitVersion, want, note string // note: a part of the note, or "" for none
	}{
		{"v1.32.0", "cis-1.12", ""},
		{"v1.33.4", "cis-1.12", ""},
		{"v1.33.4-gke.1013000", "cis-1.12", ""},
		{"v1.34.2-eks-1234", "cis-2.0", ""},
		{"v1.34.2-eks-4b5b5e8", "cis-2.0", ""},
		{"v1.34.0-gke.100", "cis-2.0", ""},
		{"v1.35.1+k3s1", "cis-2.0", ""},
		{"v1.35.0+rke2r1", "cis-2.0", ""},
		{"1.35.3", "cis-2.0", ""},
		{"v1.34", "cis-2.0", ""},
		{"v1.36.0-alpha.1", "cis-2.0", "Kubernetes 1.36 is newer than every CIS Kubernetes Benchmark"},
		{"v1.40.2", "cis-2.0", "cis-2.0 (CIS v2.0.1, written for 1.34 to 1.35) is used"},
		{"v1.31.9", "cis-1.12", "Kubernetes 1.31 is older than every CIS Kubernetes Benchmark"},
		{"v1.20.0+k3s1", "cis-1.12", "cis-1.12 (CIS v1.12, written for 1.32 to 1.33) is used"},
	}
	for _, tt := range tests {
		id, note, err := benchmarks.CISFor(tt.gitVersion)
		if err != nil {
			t.Errorf("CISFor(%q): %v", tt.gitVersion, err)
			continue
		}
		if id != tt.want {
			t.Errorf("CISFor(%q) = %q, want %q", tt.gitVersion, id, tt.want)
		}
		switch {
		case tt.note == "" && note != "":
			t.Errorf("CISFor(%q): note %q, want none", tt.gitVersion, note)
		case tt.note != "" && !strings.Contains(note, tt.note):
			t.Errorf("CISFor(%q): note %q, want it to contain %q", tt.gitVersion, note, tt.note)
		}
	}
}

func TestCISForRefusesWhatIsNotAKubernetesVersion(t *testing.T) {
	for _, v := range []string{"", "latest", "v1", "v1.x.3", "1.34.2.1", "v2.1.0", "v0.34.1", " v1.34.2"} {
		if id, _, err := benchmarks.CISFor(v); err == nil {
			t.Errorf("CISFor(%q) = %q, want an error", v, id)
		}
	}
}

// TestCISTableNamesBuiltinBenchmarks: every row of versions.yaml is a
// shipped CIS benchmark, and the newest CIS benchmark shipped is in it.
func TestCISTableNamesBuiltinBenchmarks(t *testing.T) {
	bs, err := benchmarks.LoadBuiltin(catalog(t))
	if err != nil {
		t.Fatal(err)
	}
	table, err := benchmarks.CISTable()
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, r := range table {
		b, ok := benchmarks.Find(bs, r.Benchmark)
		if !ok {
			t.Errorf("versions.yaml names %s, which is not a built-in benchmark", r.Benchmark)
			continue
		}
		if b.Version != r.Document {
			t.Errorf("versions.yaml: %s is CIS %s, its benchmark.yaml says %s", r.Benchmark, r.Document, b.Version)
		}
		listed[r.Benchmark] = true
	}
	// A managed-cluster benchmark is chosen by platform instead (auto).
	auto, err := benchmarks.AutoIDs()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range auto {
		listed[id] = true
	}
	for _, b := range bs {
		if strings.HasPrefix(b.ID, "cis-") && !listed[b.ID] {
			t.Errorf("built-in benchmark %s is not in versions.yaml", b.ID)
		}
	}
}
