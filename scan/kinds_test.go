package scan_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/nodefacts"
)

// privilegedWorkload is a workload of the given apiVersion and kind whose
// container is privileged, as JSON.
func privilegedWorkload(apiVersion, kind, name string) string {
	return `{"apiVersion": "` + apiVersion + `", "kind": "` + kind + `", "metadata": {"name": "` + name + `", "namespace": "shop"},
	  "spec": {"template": {"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "sh", "image": "busybox", "securityContext": {"privileged": true}}]}}}}`
}

// Hole 8: a snapshot is replayed by group and kind. Its kinds are named as
// snapshots written before kinds had groups name them (bare names of
// well-known kinds), and it still replays: an extensions/v1beta1 Deployment
// is a Deployment and fails, a custom resource named Deployment is not.
func TestSnapshotReplayMatchesGroupAndKind(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "old.json", `{"apiVersion": "kubeassay/v1", "kind": "Snapshot", "items": [
	`+privilegedWorkload("extensions/v1beta1", "Deployment", "old-web")+`,
	`+privilegedWorkload("example.com/v1", "Deployment", "not-a-deployment")+`,
	{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "ok", "namespace": "shop"}, "spec": {"containers": [{"name": "app", "image": "nginx"}]},
	 "kubeassay.io/origin": {"file": "cluster:pods", "item": 0}}
	],
	"metadata": {"toolVersion": "v0.3.0", "takenAt": "2026-01-01T00:00:00Z",
	  "cluster": {"server": "https://old", "version": "v1.37.2", "nodes": 1, "platform": "kubeadm", "evidence": []},
	  "kinds": ["CronJob", "DaemonSet", "Deployment", "Job", "Pod", "ReplicaSet", "ReplicationController", "StatefulSet"],
	  "unavailable": {}, "notServed": [], "objects": {"Deployment": 2, "Pod": 1}}}
`)
	res := runScan(t, scan.Options{Benchmarks: []string{"pss-baseline"}, Files: []string{path}})
	ctl := control(res, "pss-baseline", "baseline.privileged")
	var got []string
	for _, f := range ctl.Findings {
		got = append(got, f.Resource.APIVersion+" "+f.Resource.Name)
	}
	if ctl.Status != report.StatusFail || !reflect.DeepEqual(got, []string{"extensions/v1beta1 old-web"}) {
		t.Errorf("privileged: %s (%s), findings on %q; want FAIL on the extensions Deployment only", ctl.Status, ctl.Reason, got)
	}
	if want := map[string]int{"Deployment": 1, "Pod": 1}; !reflect.DeepEqual(res.Metadata.Objects, want) {
		t.Errorf("objects = %v, want %v", res.Metadata.Objects, want)
	}
	if c := res.Metadata.Cluster; c == nil || len(c.Unavailable) != 0 || len(c.NotServed) != 0 {
		t.Errorf("cluster = %+v", c)
	}
	for _, ctl := range res.Benchmarks[0].Controls {
		if ctl.Status == report.StatusError {
			t.Errorf("%s is ERROR: %s", ctl.ID, ctl.Reason)
		}
	}
}

// Manifests are judged by group and kind too: the report counts a custom
// resource named like a well-known kind under a name that shows its group,
// and a broken document of that name still leaves the controls of every
// kind of that name undecided (an unread document's kind is a name only).
func TestManifestsMatchGroupAndKind(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "apps.json", privilegedWorkload("example.com/v1", "Deployment", "custom")+"\n")
	res := runScan(t, scan.Options{Benchmarks: []string{"pss-baseline"}, Files: []string{dir}})
	if want := map[string]int{"Deployment.example.com": 1}; !reflect.DeepEqual(res.Metadata.Objects, want) {
		t.Errorf("objects = %v, want %v", res.Metadata.Objects, want)
	}
	if ctl := control(res, "pss-baseline", "baseline.privileged"); ctl.Status != report.StatusSkip || !strings.Contains(ctl.Reason, "Deployment") {
		t.Errorf("privileged: %s (%s), want SKIP: no Deployment in the input", ctl.Status, ctl.Reason)
	}
	writeFile(t, dir, "broken.yaml", "apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: [\n")
	res = runScan(t, scan.Options{Benchmarks: []string{"pss-baseline"}, Files: []string{dir}})
	if ctl := control(res, "pss-baseline", "baseline.privileged"); ctl.Status != report.StatusError {
		t.Errorf("privileged with a broken document named Deployment: %s (%s), want ERROR", ctl.Status, ctl.Reason)
	}
}

// The node facts documents are of the kind the node checks name.
func TestNodeFactsKind(t *testing.T) {
	if gk := checks.ObjectKind(nodefacts.APIVersion, nodefacts.Kind); gk != checks.NodeFacts || checks.FromAPI(gk) {
		t.Errorf("nodefacts.APIVersion %s and nodefacts.Kind %s give %v, want %v (not from an API server)", nodefacts.APIVersion, nodefacts.Kind, gk, checks.NodeFacts)
	}
}
