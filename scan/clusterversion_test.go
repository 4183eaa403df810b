package scan

import (
	"encoding/json"
	"testing"

	"github.com/kubeassay/kubeassay/report"
)

func TestClusterVersionDocumentSaysWhatIsKnown(t *testing.T) {
	zero, three := 0, 3
	for _, tt := range []struct {
		name    string
		cluster report.Cluster
		want    map[string]any
	}{
		{"kubelets counted", report.Cluster{Version: "v1.36.3", Nodes: &three, Kubelets: map[string]int{"v1.36.3": 3}},
			map[string]any{"kubelets": map[string]any{"v1.36.3": 3.0}}},
		// A snapshot of a cluster without nodes has no count to keep.
		{"no node", report.Cluster{Version: "v1.37.2", Nodes: &zero}, map[string]any{"kubelets": map[string]any{}}},
		{"nodes not listed", report.Cluster{Version: "v1.37.2", Evidence: []string{"nodes could not be listed: forbidden"}},
			map[string]any{"kubeletsUnknown": "nodes could not be listed: forbidden"}},
		{"old snapshot", report.Cluster{Version: "v1.37.2", Nodes: &three},
			map[string]any{"kubeletsUnknown": "the cluster facts hold no kubelet versions (a snapshot taken before kubeassay recorded them)"}},
	} {
		d := clusterVersionDocument("cluster", &tt.cluster)
		var got map[string]any
		if err := json.Unmarshal(d.JSON, &got); err != nil || d.Err != nil {
			t.Fatalf("%s: %v %v", tt.name, err, d.Err)
		}
		if got["kind"] != "ClusterVersion" || got["serverVersion"] != tt.cluster.Version {
			t.Errorf("%s: %v", tt.name, got)
		}
		for k, v := range tt.want {
			if a, b := mustJSON(got[k]), mustJSON(v); a != b {
				t.Errorf("%s: %s = %s, want %s", tt.name, k, a, b)
			}
		}
		if _, both := got["kubelets"]; both && got["kubeletsUnknown"] != nil {
			t.Errorf("%s: kubelets and kubeletsUnknown both set", tt.name)
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
