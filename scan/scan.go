// Package scan runs a whole scan: it loads the checks and benchmarks,
// prepares the engine for the chosen benchmarks, streams the input through
// it and builds the report. The commands in cmd/kubeassay are a thin layer
// over it.
package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/kubeassay/kubeassay/benchmarks"
	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/sources/cluster"
	"github.com/kubeassay/kubeassay/sources/manifests"
	"github.com/kubeassay/kubeassay/sources/nodefacts"
	"github.com/kubeassay/kubeassay/sources/snapshot"
	"github.com/kubeassay/kubeassay/verdict"
	"github.com/kubeassay/kubeassay/waivers"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/yaml"
)

// Select returns the benchmarks with the given ids, in the order given.
func (b *Builtin) Select(ids []string) ([]*benchmarks.Benchmark, error) {
	var out []*benchmarks.Benchmark
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		bm, ok := benchmarks.Find(b.Benchmarks, id)
		if !ok {
			var known []string
			for _, x := range b.Benchmarks {
				known = append(known, x.ID)
			}
			return nil, fmt.Errorf("unknown benchmark %q (known: %s)", id, strings.Join(known, ", "))
		}
		out = append(out, bm)
	}
	if len(out) == 0 {
		return nil, errors.New("no benchmark selected")
	}
	return out, nil
}

// ChosenChecksID is the id of the benchmark that reports checks chosen with
// Options.Checks.
const ChosenChecksID = "checks"

// ChosenChecks makes a benchmark of checks chosen by id: one automated
// control per check, named and graded as the check is.
func (b *Builtin) ChosenChecks(ids []string) (*benchmarks.Benchmark, error) {
	bm := &benchmarks.Benchmark{
		ID: ChosenChecksID, Title: "Chosen checks", Version: "-",
		Source:   benchmarks.Source{Document: "checks chosen with --check"},
		Sections: []benchmarks.Section{{ID: "checks", Title: "Chosen checks"}},
	}
	seen := map[string]bool{}
	for _, id := range ids {
		ch, ok := b.Catalog.Check(id)
		if !ok {
			return nil, fmt.Errorf("--check %s: no such check (see docs/checks.md)", id)
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		bm.Controls = append(bm.Controls, benchmarks.Control{
			ID: ch.ID, Title: ch.Title, Section: "checks", Automated: true,
			Severity: ch.Severity, Checks: []string{ch.ID},
		})
	}
	return bm, nil
}

// Options say what to scan and how.
type Options struct {
	// Benchmarks are the ids of the benchmarks to evaluate.
	Benchmarks []string
	// Checks are ids of checks to evaluate outside any benchmark, for
	// policy authors: they are reported as the benchmark "checks", one
	// control per check.
	Checks []string
	// Files are manifest files or directories; "-" is Stdin.
	Files []string
	// Exclude are globs of files and directories inside the directories of
	// Files that are not read (templates kept beside manifests).
	Exclude []string
	Stdin   io.Reader
	// ToolVersion goes into the report's metadata.
	ToolVersion string
	// Command is the command line, for the report's metadata.
	Command []string
	// Cluster, when set, is a live cluster whose objects are scanned.
	Cluster *ClusterSource
	// NodeFacts are saved NodeFacts documents (from kubeassay node).
	NodeFacts []string
	// LocalNode collects this host's node facts with LocalNodeOptions and
	// scans them too.
	LocalNode        bool
	LocalNodeOptions nodefacts.Options
	// NodeDocuments are NodeFacts documents gathered from a cluster
	// ('kubeassay scan --nodes'); they are judged like NodeFacts files,
	// with origin "node/<name>". An entry with Err set is a node whose
	// document is missing: it is listed in the report's input errors.
	NodeDocuments []NodeDocument
	// Progress, when set, is called with the running count of objects.
	Progress checks.Progress
	// Workers bounds parallel evaluation; 0 means all cores.
	Workers int
	// EveryTemplate evaluates every distinct pod template itself
	// (checks.Options.EveryTemplate).
	EveryTemplate bool
	// Waivers are the configured waivers; WaiverAnnotations lets objects
	// waive their own findings with kubeassay.io/waive annotations.
	Waivers           []waivers.Sourced
	WaiverAnnotations bool
}

// ClusterSource says which live cluster to read.
type ClusterSource struct {
	Config  *rest.Config
	Options cluster.Options
}

// NodeDocument is one node's NodeFacts JSON, or why it is missing.
type NodeDocument struct {
	Node string
	JSON []byte
	Err  error
}

// Run scans and returns the report. It fails only for problems with the
// request itself (an unknown benchmark, a path that does not exist, checks
// that do not compile); problems with the input are in the report.
func Run(ctx context.Context, b *Builtin, opts Options) (*report.Result, error) {
	started := time.Now()
	if len(opts.Files) == 0 && len(opts.NodeFacts) == 0 && !opts.LocalNode && len(opts.NodeDocuments) == 0 && opts.Cluster == nil {
		return nil, errors.New("nothing to scan: give manifests with -f, or node facts with --node-facts, --local-node or --nodes")
	}
	expanded, err := manifests.Expand(opts.Files, opts.Exclude)
	if err != nil {
		return nil, err
	}
	// Snapshots (from kubeassay snapshot) are replayed: their items are
	// scanned, and their cluster facts and unavailable kinds honoured.
	var files []string
	snapFile := ""
	for _, f := range expanded {
		if f != manifests.Stdin && snapshot.Is(f) {
			if snapFile != "" || opts.Cluster != nil {
				return nil, errSnapshots
			}
			snapFile = f
			continue
		}
		files = append(files, f)
	}
	for _, f := range opts.NodeFacts {
		if _, err := os.Stat(f); err != nil {
			return nil, fmt.Errorf("--node-facts %s: %w", f, errors.Unwrap(err))
		}
	}
	var local []byte
	if opts.LocalNode {
		facts, err := nodefacts.Collect(ctx, opts.LocalNodeOptions)
		if err != nil {
			return nil, fmt.Errorf("--local-node: %w", err)
		}
		if local, err = facts.JSON(); err != nil {
			return nil, fmt.Errorf("--local-node: %w", err)
		}
	}
	var selection *report.Selection
	ids := opts.Benchmarks
	if slices.Contains(ids, Auto) {
		var nodeDocs [][]byte
		if local != nil {
			nodeDocs = append(nodeDocs, local)
		}
		platform, version, evidence, err := platformOf(ctx, &opts, snapFile, nodeDocs)
		if err != nil {
			return nil, err
		}
		if ids, selection, err = chooseBenchmarks(ids, platform, version, evidence); err != nil {
			return nil, err
		}
	}
	var selected []*benchmarks.Benchmark
	if len(ids) > 0 || len(opts.Checks) == 0 {
		if selected, err = b.Select(ids); err != nil {
			return nil, err
		}
	}
	if len(opts.Checks) > 0 {
		chosen, err := b.ChosenChecks(opts.Checks)
		if err != nil {
			return nil, err
		}
		selected = append(selected, chosen)
	}
	checkIDs := benchmarks.CheckIDs(selected...)
	// Waivers are checked against every built-in check and benchmark: one
	// naming a benchmark this scan does not run is reported as unused. With
	// none configured, annotations are still read, to be reported as not
	// allowed if there are any.
	ws, err := waivers.New(opts.Waivers, b.waiverCatalog(checkIDs), waivers.Options{Annotations: opts.WaiverAnnotations, Now: started})
	if err != nil {
		return nil, err
	}
	eng, err := checks.NewEngine(ctx, b.Catalog, checkIDs, checks.Options{Workers: opts.Workers, EveryTemplate: opts.EveryTemplate,
		KeepLabels: waivers.NeedsLabels(opts.Waivers)})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	docs := make(chan checks.Document, 512)
	readErr := make(chan error, 1)
	var live *cluster.Result
	var snap *snapshot.Metadata
	go func() {
		defer close(docs)
		var err error
		if snapFile != "" {
			snap, err = snapshot.Read(ctx, snapFile, eng.Judges, docs)
			if err == nil && snap.Cluster != nil && eng.Judges(checks.ClusterVersion) {
				err = sendDoc(ctx, docs, clusterVersionDocument(snapFile, snap.Cluster))
			}
		}
		if err == nil {
			r := &manifests.Reader{Stdin: opts.Stdin}
			err = r.Read(ctx, files, docs)
		}
		for _, f := range opts.NodeFacts {
			if err != nil {
				break
			}
			err = sendDoc(ctx, docs, nodeFactsFile(f))
		}
		if err == nil && opts.Cluster != nil {
			copts := opts.Cluster.Options
			copts.EveryKindIn = eng.EveryKindNamespaces()
			live, err = cluster.Collect(ctx, opts.Cluster.Config, eng.Kinds(), copts, docs)
			if err == nil && eng.Judges(checks.ClusterVersion) {
				err = sendDoc(ctx, docs, clusterVersionDocument("cluster "+live.Cluster.Server, snapshot.ClusterReport(live, copts)))
			}
		}
		if err == nil && local != nil {
			err = sendDoc(ctx, docs, checks.Document{Origin: checks.Origin{File: "local node"}, Kind: nodefacts.Kind, JSON: local})
		}
		for _, nd := range opts.NodeDocuments {
			if err != nil {
				break
			}
			err = sendDoc(ctx, docs, nodeFactsDocument("node/"+nd.Node, nd.JSON, nd.Err))
		}
		readErr <- err
	}()
	res, err := eng.Run(ctx, docs, opts.Progress)
	if err != nil {
		return nil, err
	}
	if err := <-readErr; err != nil {
		return nil, err
	}
	run := verdict.Run{
		ToolVersion:  opts.ToolVersion,
		StartedAt:    started,
		FinishedAt:   time.Now(),
		Source:       source(opts),
		Command:      opts.Command,
		PolicyDigest: b.Digest,
		PolicyDirs:   b.PolicyDirs,
		Selection:    selection,
		Waivers:      ws,
	}
	if live != nil {
		run.Unavailable = live.Unavailable
		run.Cluster = snapshot.ClusterReport(live, opts.Cluster.Options)
	}
	if snap != nil {
		run.Source.Type = "snapshot"
		run.Cluster, run.Unavailable = snap.Replayed(eng.Kinds(), eng.EveryKindNamespaces())
	}
	out := verdict.Build(run, selected, b.Catalog, res)
	locateFields(out)
	return out, nil
}

// waiverCatalog tells waivers the built-in checks and controls, and which
// checks ran.
func (b *Builtin) waiverCatalog(ran []string) waivers.Catalog {
	return waivers.Catalog{
		Check: func(id string) bool { _, ok := b.Catalog.Check(id); return ok },
		Control: func(benchmark, control string) ([]string, bool) {
			bm, ok := benchmarks.Find(b.Benchmarks, benchmark)
			if !ok {
				return nil, false
			}
			i := slices.IndexFunc(bm.Controls, func(c benchmarks.Control) bool { return c.ID == control })
			switch {
			case i < 0:
				return nil, false
			case !bm.Controls[i].Automated:
				return nil, true
			}
			return bm.Controls[i].Checks, true
		},
		Ran: func(id string) bool { return slices.Contains(ran, id) },
	}
}

// locateFields gives each finding on an object read from a YAML manifest
// the line and column of its field (manifests.Locator), for SARIF.
func locateFields(res *report.Result) {
	var loc manifests.Locator
	for i := range res.Checks {
		for j := range res.Checks[i].Findings {
			f := &res.Checks[i].Findings[j]
			o := f.Origin
			if o == nil || o.Line == 0 || o.File == "" || o.File == manifests.Stdin || f.Path == "" {
				continue
			}
			if line, col, ok := loc.Locate(o.File, o.Line, f.Path); ok {
				f.Position = &report.Position{Line: line, Column: col}
			}
		}
	}
}

func sendDoc(ctx context.Context, docs chan<- checks.Document, d checks.Document) error {
	select {
	case docs <- d:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// nodeFactsFile reads a saved node facts document (--node-facts). A file
// that cannot be read, is empty, truncated or not a node facts document is
// a node whose facts are missing: an input error of kind NodeFacts, so that
// no node control can pass while it is unread.
func nodeFactsFile(name string) checks.Document {
	data, err := os.ReadFile(name)
	if err != nil {
		err = fmt.Errorf("node facts missing: %w", err)
	}
	return nodeFactsDocument(name, data, err)
}

// nodeFactsDocument checks that data is one whole node facts document (JSON,
// or YAML as kubectl would write it) before the engine judges it.
func nodeFactsDocument(origin string, data []byte, err error) checks.Document {
	d := checks.Document{Origin: checks.Origin{File: origin}, Kind: nodefacts.Kind}
	switch {
	case err != nil:
		d.Err = err
	case len(bytes.TrimSpace(data)) == 0:
		d.Err = errors.New("node facts missing: the document is empty")
	default:
		j, yerr := yaml.YAMLToJSON(data)
		if yerr != nil {
			d.Err = fmt.Errorf("node facts missing: the document does not parse (truncated?): %w", yerr)
			break
		}
		if _, perr := nodefacts.Parse(j); perr != nil {
			d.Err = fmt.Errorf("node facts missing: %w", perr)
			break
		}
		d.JSON = j
	}
	return d
}

// source describes what was scanned, for the report.
func source(opts Options) report.Source {
	src := report.Source{Type: "manifests", Paths: opts.Files, NodeFacts: opts.NodeFacts}
	if opts.LocalNode {
		src.LocalNode = true
	}
	for _, nd := range opts.NodeDocuments {
		if nd.Err == nil {
			src.NodeFacts = append(src.NodeFacts, "node/"+nd.Node)
		}
	}
	switch {
	case opts.Cluster != nil:
		src.Type = "cluster"
	case len(opts.Files) == 0:
		src.Type = "nodes"
	}
	return src
}

var errSnapshots = errors.New("at most one snapshot can be replayed at a time, and not together with a live cluster")

// EveryKindNamespaces lists, sorted, the namespaces in which some check of
// a benchmark, or of a policy directory, judges every namespaced kind
// (5.6.4: default).
func (b *Builtin) EveryKindNamespaces() []string {
	var out []string
	for _, id := range b.everyCheck() {
		if ch, ok := b.Catalog.Check(id); ok && ch.EveryKind {
			for _, ns := range ch.Namespaces {
				if !slices.Contains(out, ns) {
					out = append(out, ns)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// ClusterKinds lists, sorted by name, the kinds that the checks of every
// benchmark, and those of the policy directories, judge and that are read
// from an API server.
func (b *Builtin) ClusterKinds() []checks.GroupKind {
	seen := map[checks.GroupKind]bool{}
	for _, id := range b.everyCheck() {
		ch, ok := b.Catalog.Check(id)
		if !ok {
			continue
		}
		for _, k := range ch.Kinds {
			if checks.FromAPI(k) {
				seen[k] = true
			}
		}
	}
	kinds := make([]checks.GroupKind, 0, len(seen))
	for k := range seen {
		kinds = append(kinds, k)
	}
	slices.SortFunc(kinds, checks.GroupKind.Compare)
	return kinds
}

// everyCheck lists the checks a scan may run: those of every benchmark,
// and every check of a policy directory (--check runs one that no
// benchmark maps), sorted.
func (b *Builtin) everyCheck() []string {
	ids := benchmarks.CheckIDs(b.Benchmarks...)
	for _, ch := range b.Catalog.Checks {
		if ch.PolicyDir != "" && !slices.Contains(ids, ch.ID) {
			ids = append(ids, ch.ID)
		}
	}
	slices.Sort(ids)
	return ids
}
