package scan_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/nodefacts"
)

// TestNodeDocumentsMissingAreErrorNamingTheNodes: when no node's document
// arrived (scan --nodes), every automated node control is ERROR naming the
// missing nodes (never PASS, FAIL or SKIP), manual ones stay MANUAL, and each
// missing node is an input error of kind NodeFacts with origin node/<name>.
func TestNodeDocumentsMissingAreErrorNamingTheNodes(t *testing.T) {
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	res, err := scan.Run(context.Background(), b, scan.Options{
		Benchmarks: []string{"cis-1.12"},
		NodeDocuments: []scan.NodeDocument{
			{Node: "cp-1", Err: errors.New("node facts did not arrive within 2m0s: Job kubeassay/x has started no pod")},
			{Node: "worker-1", Err: errors.New("node facts did not arrive within 2m0s: pod y: ImagePullBackOff")},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	nodeControls := 0
	judgesNodes := func(c report.Control) bool {
		for _, id := range c.Checks {
			if ch, ok := b.Catalog.Check(id); ok && slices.Contains(ch.Kinds, checks.NodeFacts) {
				return true
			}
		}
		return false
	}
	for _, c := range res.Benchmarks[0].Controls {
		switch {
		case !c.Automated:
			if c.Status != report.StatusManual {
				t.Errorf("%s is %s, want MANUAL", c.ID, c.Status)
			}
		case !judgesNodes(c):
			// Decided from cluster objects (5.1.1, 5.3.2): none were
			// read, and a missing node changes nothing there.
			if c.Status != report.StatusSkip {
				t.Errorf("%s is %s, want SKIP: it judges no node and no object of its kinds was read", c.ID, c.Status)
			}
		case c.Status != report.StatusError:
			t.Errorf("%s is %s with no node facts, want ERROR", c.ID, c.Status)
		case !strings.Contains(c.Reason, "node/cp-1") || !strings.Contains(c.Reason, "node/worker-1"):
			t.Errorf("%s: reason %q does not name the missing nodes", c.ID, c.Reason)
		default:
			nodeControls++
		}
	}
	if nodeControls == 0 {
		t.Error("no automated control was judged")
	}
	if len(res.Errors) != 2 || res.Errors[0].Origin.File != "node/cp-1" || res.Errors[1].Origin.File != "node/worker-1" || res.Errors[0].Kind != "NodeFacts" {
		t.Errorf("input errors %+v", res.Errors)
	}
	if len(res.Metadata.Source.NodeFacts) != 0 {
		t.Errorf("source lists node facts %v though none arrived", res.Metadata.Source.NodeFacts)
	}
}

// TestNodeDocumentsJudgedLikeFiles: a gathered document gives the same
// verdicts as the same document read with --node-facts.
func TestNodeDocumentsJudgedLikeFiles(t *testing.T) {
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	path := writeFixtureFacts(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fromFile, err := scan.Run(context.Background(), b, scan.Options{Benchmarks: []string{"cis-1.12"}, NodeFacts: []string{path}})
	if err != nil {
		t.Fatal(err)
	}
	gathered, err := scan.Run(context.Background(), b, scan.Options{Benchmarks: []string{"cis-1.12"}, NodeDocuments: []scan.NodeDocument{{Node: "cp-1", JSON: data}}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, c := range fromFile.Benchmarks[0].Controls {
		want[c.ID] = c.Status
	}
	for _, c := range gathered.Benchmarks[0].Controls {
		if want[c.ID] != c.Status {
			t.Errorf("%s: gathered %s, from the file %s", c.ID, c.Status, want[c.ID])
		}
	}
	if want["1.2.15"] != report.StatusPass {
		t.Errorf("1.2.15 is %s, want PASS from the kubeadm fixture", want["1.2.15"])
	}
	if len(gathered.Metadata.Source.NodeFacts) != 1 || gathered.Metadata.Source.NodeFacts[0] != "node/cp-1" {
		t.Errorf("source %+v", gathered.Metadata.Source)
	}
}

// writeFixtureFacts collects the kubeadm fixture's facts as node cp-1 and
// saves them.
func writeFixtureFacts(t *testing.T) string {
	t.Helper()
	facts, err := nodefacts.Collect(context.Background(), nodefacts.Options{Root: "../testdata/nodes/kubeadm", NodeName: "cp-1"})
	if err != nil {
		t.Fatal(err)
	}
	data, err := facts.JSON()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "node.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
