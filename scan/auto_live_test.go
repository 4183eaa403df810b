package scan_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/cluster"
)

// TestLiveAutoChoiceAndKubeletVersions scans a real API server with -b auto:
// the choice goes by the server's version (no node says which platform this
// is), says why, and the versions check reads the kubelet versions the
// nodes report; a token that may not list nodes makes it ERROR, not PASS.
func TestLiveAutoChoiceAndKubeletVersions(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, cs := startShop(ctx, t)
	defer c.Stop()
	node, err := cs.CoreV1().Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "old-worker"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	node.Status.NodeInfo.KubeletVersion = "v1.33.13"
	if _, err := cs.CoreV1().Nodes().UpdateStatus(ctx, node, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	run := func(token string, opts scan.Options) *report.Result {
		t.Helper()
		opts.Cluster = &scan.ClusterSource{Config: c.RESTConfig(token), Options: cluster.Options{}}
		res, err := scan.Run(ctx, b, opts)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}

	res := run(c.AdminToken, scan.Options{Benchmarks: []string{scan.Auto}})
	sel := res.Metadata.Selection
	if sel == nil || sel.Platform != "unknown" || sel.Version != res.Metadata.Cluster.Version {
		t.Fatalf("selection %+v", sel)
	}
	var ran []string
	for _, bm := range res.Benchmarks {
		ran = append(ran, bm.ID)
	}
	if !slices.Equal(ran, sel.Benchmarks) || !slices.Contains(ran, "owasp-k8s-2025") || !slices.Contains(ran, "nsa-cisa-1.2") || !strings.HasPrefix(ran[0], "cis-") {
		t.Errorf("ran %v, selection %v", ran, sel.Benchmarks)
	}
	if len(sel.Reasons) != len(sel.Benchmarks) || !strings.Contains(sel.Reasons[0], "the platform could not be told") {
		t.Errorf("reasons %q", sel.Reasons)
	}
	if k := res.Metadata.Cluster.Kubelets; k["v1.33.13"] != 1 {
		t.Errorf("kubelets %v", k)
	}

	versions := func(token string) shown {
		t.Helper()
		res := run(token, scan.Options{Checks: []string{"KA-VER-001"}})
		return control(res, "checks", "KA-VER-001")
	}
	got := versions(c.AdminToken)
	if got.Status != report.StatusFail || len(got.Findings) != 1 || !strings.Contains(got.Findings[0].Message, "1 node(s) run kubelet v1.33.13") {
		t.Errorf("an old kubelet: %s %+v", got.Status, got.Findings)
	}
	got = versions(c.TokenFor("no-pods"))
	if got.Status != report.StatusError || !strings.Contains(got.Reason, "the kubelets' versions are not known: nodes could not be listed") {
		t.Errorf("without nodes: %s (%s), want ERROR", got.Status, got.Reason)
	}
}

// TestLivePlatformsChooseTheirBenchmark loads, into a real API server, the
// nodes and objects typical of each managed platform (EKS: aws-node and
// aws-auth; GKE: its system namespaces; AKS: its node labels) and checks
// that -b auto tells the platform and runs its CIS benchmark, with the
// evidence that decided it.
func TestLivePlatformsChooseTheirBenchmark(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, cs := startShop(ctx, t)
	defer c.Stop()
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		platform, cis, evidence, netpol string
		node                            corev1.Node
		setup                           func() error
	}{
		{"eks", "cis-eks-1.8", "providerID aws:// and label eks.amazonaws.com/nodegroup", "4.3.2",
			corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "ip-10-0-1-23.us-west-2.compute.internal", Labels: map[string]string{"eks.amazonaws.com/nodegroup": "ng-1"}},
				Spec: corev1.NodeSpec{ProviderID: "aws:///us-west-2a/i-0123456789abcdef0"}},
			func() error {
				if _, err := cs.CoreV1().ConfigMaps("kube-system").Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "aws-auth"}, Data: map[string]string{"mapRoles": "- rolearn: arn:aws:iam::111122223333:role/node\n  username: system:node:{{EC2PrivateDNSName}}\n"}}, metav1.CreateOptions{}); err != nil {
					return err
				}
				_, err := c.CreateObjects(ctx, []map[string]any{{"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": map[string]any{"name": "aws-node", "namespace": "kube-system"},
					"spec": map[string]any{"selector": map[string]any{"matchLabels": map[string]any{"k8s-app": "aws-node"}}, "template": map[string]any{"metadata": map[string]any{"labels": map[string]any{"k8s-app": "aws-node"}},
						"spec": map[string]any{"hostNetwork": true, "containers": []any{map[string]any{"name": "aws-node", "image": "602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.0"}}}}}}}, 1)
				return err
			}},
		{"gke", "cis-gke-1.9", "providerID gce:// and label cloud.google.com/gke-nodepool", "4.3.2",
			corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "gke-prod-default-pool-1a2b3c4d-x1y2", Labels: map[string]string{"cloud.google.com/gke-nodepool": "default-pool"}},
				Spec: corev1.NodeSpec{ProviderID: "gce://prod-project/us-central1-a/gke-prod-default-pool-1a2b3c4d-x1y2"}},
			func() error {
				for _, ns := range []string{"gke-managed-system", "gmp-system"} {
					if err := c.CreateNamespace(ctx, ns, nil); err != nil {
						return err
					}
				}
				return nil
			}},
		{"aks", "cis-aks-1.8", "providerID azure:// and label kubernetes.azure.com/cluster", "4.4.2",
			corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "aks-nodepool1-12345678-vmss000000", Labels: map[string]string{"kubernetes.azure.com/cluster": "MC_rg_prod_westeurope", "kubernetes.azure.com/agentpool": "nodepool1"}},
				Spec: corev1.NodeSpec{ProviderID: "azure:///subscriptions/0000/resourceGroups/mc_rg_prod_westeurope/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-12345678-vmss/virtualMachines/0"}},
			func() error { return nil }},
	} {
		nodes, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range nodes.Items {
			if err := cs.CoreV1().Nodes().Delete(ctx, n.Name, metav1.DeleteOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := cs.CoreV1().Nodes().Create(ctx, &p.node, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := p.setup(); err != nil {
			t.Fatalf("%s: %v", p.platform, err)
		}
		res, err := scan.Run(ctx, b, scan.Options{Benchmarks: []string{scan.Auto}, Cluster: &scan.ClusterSource{Config: c.RESTConfig(c.AdminToken)}})
		if err != nil {
			t.Fatal(err)
		}
		sel := res.Metadata.Selection
		if sel == nil || sel.Platform != p.platform || sel.Benchmarks[0] != p.cis || res.Benchmarks[0].ID != p.cis {
			t.Errorf("%s: selection %+v", p.platform, sel)
			continue
		}
		if !strings.Contains(strings.Join(sel.Evidence, "; "), p.evidence) {
			t.Errorf("%s: evidence %q", p.platform, sel.Evidence)
		}
		// The managed benchmark judges what the cluster's objects show: its
		// network policy recommendation is decided (no namespace here has a
		// NetworkPolicy), not left to a person.
		if got := control(res, p.cis, p.netpol); got.Status != report.StatusFail || len(got.Findings) == 0 {
			t.Errorf("%s %s: %s (%s), want FAIL with findings", p.cis, p.netpol, got.Status, got.Reason)
		}
	}
}
