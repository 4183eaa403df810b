package scan_test

import (
	"context"
	"strings"
	"testing"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeassay/kubeassay/dev/testcluster"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/cluster"
)

// TestLiveDefaultNamespace scans a real API server for 5.6.4: what the API
// server itself puts in default (the kubernetes Service, its Endpoints and
// EndpointSlice) passes; a Lease, a kind no check names, and an
// EndpointSlice that copies the API server's name and label fail; a
// snapshot that listed every kind in default replays the same verdict, one
// that did not is ERROR.
func TestLiveDefaultNamespace(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, err := testcluster.Start(ctx, testcluster.Options{Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	cs := c.Clientset(t, c.AdminToken)
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	run := func(opts scan.Options) shown {
		t.Helper()
		opts.Benchmarks = []string{"cis-1.12"}
		res, err := scan.Run(ctx, b, opts)
		if err != nil {
			t.Fatal(err)
		}
		return control(res, "cis-1.12", "5.6.4")
	}
	live := scan.Options{Cluster: &scan.ClusterSource{Config: c.RESTConfig(c.AdminToken)}}
	// The API server writes its Endpoints and EndpointSlice shortly after
	// it starts: wait for both, so that the test judges them.
	for {
		_, e1 := cs.CoreV1().Endpoints("default").Get(ctx, "kubernetes", metav1.GetOptions{})
		_, e2 := cs.DiscoveryV1().EndpointSlices("default").Get(ctx, "kubernetes", metav1.GetOptions{})
		if e1 == nil && e2 == nil {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the API server wrote no Endpoints/EndpointSlice kubernetes: %v, %v", e1, e2)
		case <-time.After(200 * time.Millisecond):
		}
	}
	if ctl := run(live); ctl.Status != report.StatusPass {
		t.Fatalf("fresh cluster: 5.6.4 %s (%s) %+v, want PASS", ctl.Status, ctl.Reason, ctl.Findings)
	}

	holder := "node-a"
	if _, err := cs.CoordinationV1().Leases("default").Create(ctx, &coordinationv1.Lease{
		ObjectMeta: metav1.ObjectMeta{Name: "my-lock"}, Spec: coordinationv1.LeaseSpec{HolderIdentity: &holder},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.DiscoveryV1().EndpointSlices("default").Create(ctx, &discoveryv1.EndpointSlice{
		ObjectMeta:  metav1.ObjectMeta{Name: "kubernetes-copy", Labels: map[string]string{"kubernetes.io/service-name": "kubernetes"}},
		AddressType: discoveryv1.AddressTypeIPv4,
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	named := func(ctl shown) map[string]bool {
		out := map[string]bool{}
		for _, f := range ctl.Findings {
			out[f.Resource.Kind+"/"+f.Resource.Name] = true
		}
		return out
	}
	ctl := run(live)
	got := named(ctl)
	if ctl.Status != report.StatusFail || !got["Lease/my-lock"] || !got["EndpointSlice/kubernetes-copy"] || len(got) != 2 {
		t.Errorf("5.6.4 %s (%s), findings %v: want FAIL naming the Lease and the copied EndpointSlice only", ctl.Status, ctl.Reason, got)
	}

	path := takeSnapshot(t, ctx, b, c, c.AdminToken)
	if replay := run(scan.Options{Files: []string{path}}); replay.Status != report.StatusFail || len(named(replay)) != 2 || !named(replay)["Lease/my-lock"] {
		t.Errorf("replay: 5.6.4 %s (%s) %v, want the live verdict", replay.Status, replay.Reason, named(replay))
	}
	// A snapshot of the declared kinds only cannot tell.
	path = takeSnapshotWith(t, ctx, b, c, c.AdminToken, cluster.Options{})
	if replay := run(scan.Options{Files: []string{path}}); replay.Status != report.StatusError || !strings.Contains(replay.Reason, "does not hold every kind of namespace default") {
		t.Errorf("replay of a snapshot without every kind: 5.6.4 %s (%s), want the reason that it could not tell", replay.Status, replay.Reason)
	}
}
