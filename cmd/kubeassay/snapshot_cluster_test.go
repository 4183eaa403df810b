package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubeassay/kubeassay/dev/testcluster"
)

// TestSnapshotCommand writes a gzipped snapshot with the CLI and scans it.
func TestSnapshotCommand(t *testing.T) {
	c := testcluster.Shared(t)
	path := filepath.Join(t.TempDir(), "snap.json.gz")
	r := runCLI(t, "", "snapshot", "-o", path, "--kubeconfig", c.KubeconfigPath)
	if r.code != 0 || !strings.Contains(r.err, "written to "+path) {
		t.Fatalf("snapshot: exit %d: %s", r.code, r.err)
	}
	doc, _ := scanJSON(t, "", "-f", path, "-b", "pss-baseline")
	meta := doc["metadata"].(map[string]any)
	if meta["source"].(map[string]any)["type"] != "snapshot" || meta["cluster"] == nil {
		t.Errorf("replay metadata: %v", meta)
	}
	if r := runCLI(t, "", "rbac"); r.code != 0 || !strings.Contains(r.stdout, "kind: ClusterRole\n") {
		t.Errorf("rbac: exit %d: %s", r.code, r.err)
	}
}
