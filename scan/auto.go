package scan

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"

	"github.com/kubeassay/kubeassay/benchmarks"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/sources/cluster"
	"github.com/kubeassay/kubeassay/sources/snapshot"
)

// Auto is the benchmark id that asks the scan to choose (the default).
const Auto = "auto"

// platformOf finds the platform and server version the automatic choice
// goes by: a live cluster's facts (described once, and handed to the
// collection), a snapshot's, else the platform the node facts name (their
// version is the kubelet's, not the server's: none is used). A scan of
// manifests alone is platform unknown.
func platformOf(ctx context.Context, opts *Options, snapFile string, nodeDocs [][]byte) (platform, version string, evidence []string, err error) {
	switch {
	case opts.Cluster != nil:
		f, err := cluster.Describe(ctx, opts.Cluster.Config)
		if err != nil {
			return "", "", nil, err
		}
		cs := *opts.Cluster
		cs.Options.Facts = &f
		opts.Cluster = &cs
		return f.Platform, f.Version, f.Evidence, nil
	case snapFile != "":
		meta, err := snapshot.ReadMetadata(snapFile)
		if err != nil {
			return "", "", nil, err
		}
		if meta.Cluster != nil {
			return meta.Cluster.Platform, meta.Cluster.Version, append([]string{"from the snapshot " + snapFile}, meta.Cluster.Evidence...), nil
		}
		return "unknown", "", []string{"the snapshot " + snapFile + " holds no cluster facts"}, nil
	}
	platforms := map[string][]string{}
	for _, f := range opts.NodeFacts {
		data, err := os.ReadFile(f)
		if err != nil {
			continue // reported when the file is read for the scan
		}
		nodeDocs = append(nodeDocs, data)
	}
	for _, nd := range opts.NodeDocuments {
		nodeDocs = append(nodeDocs, nd.JSON)
	}
	for _, data := range nodeDocs {
		var doc struct {
			Metadata struct {
				Name string `json:"name"`
			} `json:"metadata"`
			Platform struct {
				Name string `json:"name"`
			} `json:"platform"`
		}
		if json.Unmarshal(data, &doc) != nil || doc.Platform.Name == "" {
			continue
		}
		platforms[doc.Platform.Name] = append(platforms[doc.Platform.Name], doc.Metadata.Name)
	}
	delete(platforms, "generic")
	if len(platforms) == 1 {
		for p, nodes := range platforms {
			return p, "", []string{fmt.Sprintf("the node facts of %d node(s) (%s) name platform %s", len(nodes), nodes[0], p)}, nil
		}
	}
	if len(platforms) > 1 {
		names := make([]string, 0, len(platforms))
		for p := range platforms {
			names = append(names, p)
		}
		slices.Sort(names)
		return "unknown", "", []string{fmt.Sprintf("the node facts name several platforms: %v", names)}, nil
	}
	return "unknown", "", []string{"no cluster facts in the input (manifests only)"}, nil
}

// chooseBenchmarks replaces "auto" in ids by the automatic choice.
func chooseBenchmarks(ids []string, platform, version string, evidence []string) ([]string, *report.Selection, error) {
	c, err := benchmarks.Auto(platform, version)
	if err != nil {
		return nil, nil, fmt.Errorf("-b auto: %w", err)
	}
	var out []string
	for _, id := range ids {
		if id == Auto {
			out = append(out, c.Benchmarks...)
		} else {
			out = append(out, id)
		}
	}
	var kept []string
	for _, id := range out {
		if !slices.Contains(kept, id) {
			kept = append(kept, id)
		}
	}
	return kept, &report.Selection{Platform: c.Platform, Version: c.Version, Benchmarks: c.Benchmarks, Reasons: c.Reasons, Evidence: evidence}, nil
}
