package benchmarks_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/kubeassay/kubeassay/benchmarks"
)

func TestAutoChoosesByPlatformAndVersion(t *testing.T) {
	always := []string{"nsa-cisa-1.2", "owasp-k8s-2025", "pss-restricted"}
	tests := []struct {
		platform, version, cis, reason string
	}{
		{"eks", "v1.33.5-eks-3025e55", "cis-eks-1.8", "the CIS benchmark for Amazon EKS clusters"},
		{"gke", "v1.34.1-gke.1829001", "cis-gke-1.9", "the CIS benchmark for Google GKE clusters"},
		{"aks", "v1.32.7", "cis-aks-1.8", "the CIS benchmark for Azure AKS clusters"},
		{"kubeadm", "v1.33.4", "cis-1.12", "the CIS Kubernetes Benchmark for Kubernetes v1.33.4"},
		{"kubeadm", "v1.35.0", "cis-2.0", "for Kubernetes v1.35.0"},
		{"k3s", "v1.35.1+k3s1", "cis-2.0", "CIS publishes a K3s benchmark that kubeassay does not ship yet"},
		{"openshift", "v1.33.2", "cis-1.12", "Red Hat OpenShift"},
		{"kubeadm", "v1.37.0", "cis-2.0", "Kubernetes 1.37 is newer than every CIS Kubernetes Benchmark"},
		{"unknown", "", "cis-2.0", "no server version in the input"},
		{"", "", "cis-2.0", "the platform could not be told"},
	}
	for _, tt := range tests {
		c, err := benchmarks.Auto(tt.platform, tt.version)
		if err != nil {
			t.Errorf("Auto(%q, %q): %v", tt.platform, tt.version, err)
			continue
		}
		want := append([]string{tt.cis}, always...)
		if !slices.Equal(c.Benchmarks, want) {
			t.Errorf("Auto(%q, %q) = %v, want %v", tt.platform, tt.version, c.Benchmarks, want)
		}
		if len(c.Reasons) != len(c.Benchmarks) || !strings.Contains(c.Reasons[0], tt.reason) {
			t.Errorf("Auto(%q, %q) reasons %q, want the first to say %q", tt.platform, tt.version, c.Reasons, tt.reason)
		}
	}
	if _, err := benchmarks.Auto("nomad", "v1.34.0"); err == nil || !strings.Contains(err.Error(), `platform "nomad"`) {
		t.Errorf("an unknown platform: %v", err)
	}
	if _, err := benchmarks.Auto("kubeadm", "v2.0.0"); err == nil {
		t.Error("Kubernetes 2.0 got a CIS benchmark")
	}
}

// Every benchmark the automatic choice can name is built in.
func TestAutoNamesBuiltinBenchmarks(t *testing.T) {
	bs, err := benchmarks.LoadBuiltin(catalog(t))
	if err != nil {
		t.Fatal(err)
	}
	ids, err := benchmarks.AutoIDs()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if _, ok := benchmarks.Find(bs, id); !ok {
			t.Errorf("versions.yaml names %s, which is not a built-in benchmark", id)
		}
	}
}
