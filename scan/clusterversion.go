package scan

import (
	"encoding/json"
	"strings"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/report"
)

// clusterVersionDocument is the ClusterVersion document made of a scanned
// cluster's facts, for the checks of outdated components: the API server's
// version, and how many nodes report each kubelet version. When the nodes
// could not be listed, kubeletsUnknown says why instead, so that a check
// of the kubelets cannot pass on a list it does not have.
func clusterVersionDocument(origin string, c *report.Cluster) checks.Document {
	doc := map[string]any{
		"apiVersion":    checks.KubeassayGroup + "/v1",
		"kind":          checks.ClusterVersion.Kind,
		"metadata":      map[string]any{"name": "cluster"},
		"platform":      c.Platform,
		"serverVersion": c.Version,
	}
	switch {
	case c.Kubelets != nil:
		doc["kubelets"] = c.Kubelets
	case c.Nodes != nil && *c.Nodes == 0:
		// No node: no kubelet to judge (a saved result or snapshot drops
		// the empty count).
		doc["kubelets"] = map[string]int{}
	default:
		why := "the cluster facts hold no kubelet versions (a snapshot taken before kubeassay recorded them)"
		for _, e := range c.Evidence {
			if strings.HasPrefix(e, "nodes could not be listed") {
				why = e
			}
		}
		doc["kubeletsUnknown"] = why
	}
	data, err := json.Marshal(doc)
	return checks.Document{Origin: checks.Origin{File: origin}, Kind: checks.ClusterVersion.Kind, JSON: data, Err: err}
}
