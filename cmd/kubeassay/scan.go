package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	corev1 "k8s.io/api/core/v1"

	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/cluster"
	"github.com/kubeassay/kubeassay/sources/nodefacts"
	"github.com/kubeassay/kubeassay/sources/nodejobs"
)

const scanExamples = `  # Scan the cluster of the current kubeconfig context against what fits it
  # (-b auto: the CIS benchmark of its platform and version, NSA/CISA, OWASP, PSS)
  kubeassay scan
  kubeassay scan --context prod -n team-a -b pss-restricted -o json=prod.json

  # Scan a directory of manifests against the Restricted Pod Security Standard
  kubeassay scan -f ./manifests/ -b pss-restricted

  # Scan what kubectl prints, write JSON to a file and the table to the terminal
  kubectl get deploy,pods -A -o yaml | kubeassay scan -f - -b pss-baseline -o json=result.json -o table

  # Replay a snapshot taken with 'kubeassay snapshot': same verdicts as the live scan
  kubeassay scan -f prod-snapshot.json.gz -b pss-baseline,pss-restricted

  # Two benchmarks at once; fail the CI job when a control fails or errors
  kubeassay scan -f k8s/ -b pss-baseline,pss-restricted --fail-on FAIL,ERROR

  # Every built-in benchmark (CIS, NSA/CISA, Pod Security Standards)
  kubeassay scan -b all -o html=report.html

  # The CIS node sections: this host, or facts saved on each node with 'kubeassay node'
  sudo kubeassay scan --local-node -b cis-1.12
  kubeassay scan --node-facts node1.json,node2.json -b cis-1.12

  # Try checks outside any benchmark (for policy authors): one control per check
  kubeassay scan -f ./manifests/ --check KA-POD-003,KA-POD-012
  kubeassay scan --node-facts node.json --check KA-API-011

  # Checks and benchmarks of your own beside the built-in ones (docs/writing-policies.md)
  kubeassay scan -f ./manifests/ --policy-dir ./my-policies -b acme-workloads

  # Leave templates kept beside manifests out of a directory scan
  kubeassay scan -f deploy/ --exclude templates --exclude '*.tmpl.yaml'

  # Every node of the cluster: one short-lived collector Job per node
  # (needs deploy/node-collector-rbac.yaml applied)
  kubeassay scan --nodes -b cis-1.12 --context prod --node-selector node-role.kubernetes.io/control-plane`

// failOnError is returned when --fail-on matched; main exits with 1.
type failOnError struct{ matched map[string]int }

func (e *failOnError) Error() string {
	var parts []string
	for _, st := range []string{report.StatusFail, report.StatusError, report.StatusWarn, report.StatusWaived, report.StatusSkip, report.StatusManual} {
		if n := e.matched[st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, st))
		}
	}
	return "kubeassay: --fail-on matched: " + strings.Join(parts, ", ")
}

var statuses = []string{report.StatusPass, report.StatusFail, report.StatusWarn, report.StatusManual, report.StatusSkip, report.StatusError, report.StatusWaived}

func newScanCommand(s streams, v *viper.Viper) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scan -f PATH [-b BENCHMARK] [-o FORMAT[=FILE]]",
		Short: "Scan a cluster, manifests or node facts against benchmarks",
		Long: `Scan Kubernetes objects against one or more benchmarks and report every control.

Without -f or --node-facts, the scan reads the cluster of the current kubeconfig context
(--kubeconfig, --context; in a pod, its service account), listing only the kinds the
chosen checks judge. Secrets are read as metadata only. A kind that cannot be listed
makes the controls that need it ERROR, never PASS.

-f takes files, directories (read recursively: .yaml, .yml, .json, optionally gzipped) and
"-" for standard input: multi-document YAML, JSON, and Lists as kubectl get -o yaml|json
writes them. A document that cannot be read is listed in the report, and the rest is
still scanned.

-o takes a format (` + strings.Join(report.Formats(), ", ") + `), optionally followed by =FILE; it
can be repeated. The default is a table on standard output.

Exit status: 0 when the scan ran and no gate matched; 1 when --fail-on (a control's
status), --fail-below (a benchmark's score), --fail-on-severity (a failed or errored control
of that severity or above) or --fail-on-regression (against --baseline) matched; 2 for bad
flags, unreadable paths and other fatal errors.`,
		Example: scanExamples,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runScan(cmd, s, v)
		},
	}
	f := cmd.Flags()
	f.StringArrayP("filename", "f", nil, "manifest file or directory, or - for stdin (repeatable)")
	f.StringArray("exclude", nil, "with -f DIR: skip files and directories whose name or path matches this glob, e.g. 'templates' or '*.tmpl.yaml' (repeatable)")
	f.StringSliceP("benchmark", "b", []string{"auto"}, "benchmark id (repeatable or comma-separated; \"auto\" for those that fit the cluster's platform and version, \"all\" for every built-in one and those of --policy-dir; see 'kubeassay benchmarks list')")
	f.StringSlice("check", nil, "check id to run outside any benchmark, reported as benchmark \"checks\" (repeatable or comma-separated; replaces the default -b)")
	addPolicyDirFlag(f)
	f.StringSlice("node-facts", nil, "saved node facts documents from 'kubeassay node' (repeatable or comma-separated)")
	f.Bool("local-node", false, "collect this host's node facts and scan them too (run as root; see 'kubeassay node')")
	f.String("root", "/", "with --local-node: where the host's filesystem is mounted (/host in a pod)")
	f.Bool("nodes", false, "collect every node's facts in the cluster with one short-lived Job per node, and scan them (see docs/deploying.md)")
	addClusterFlags(f)
	f.String("collector-namespace", nodejobs.DefaultNamespace, "with --nodes: namespace of the collector Jobs and their ConfigMaps")
	f.String("collector-image", nodejobs.DefaultImageRepo+":"+version, "with --nodes: the collector's image")
	f.Duration("collector-timeout", nodejobs.DefaultTimeout, "with --nodes: how long to wait for the nodes' documents")
	f.String("node-selector", "", "with --nodes: label selector of the nodes to collect (default: all)")
	f.StringArray("toleration", nodejobs.DefaultTolerationSpecs, "with --nodes: collector pod toleration key[=value]:Effect (repeatable; replaces the defaults)")
	addOutputFlags(f)
	addHistoryFlags(f)
	f.String("baseline", "", "a saved result (-o json=FILE) to compare this scan with: the drift is printed on standard error")
	addRegressionFlag(f)
	f.StringArray("waiver-file", nil, "a YAML file of waivers (a 'waivers:' list, as in kubeassay.yaml; see docs/waivers.md), added to the configuration's (repeatable)")
	f.Bool("waiver-annotations", false, "let objects waive their own findings with kubeassay.io/waive annotations (reason and expiry required)")
	// For the memo's proof on a whole population (make bench): evaluate
	// every distinct pod template instead of once per shape.
	f.Bool("every-template", false, "evaluate every distinct pod template itself, not once per shape of templates that differ only in names (slower; to compare)")
	_ = f.MarkHidden("every-template")
	return cmd
}

func runScan(cmd *cobra.Command, s streams, v *viper.Viper) (retErr error) {
	outputs, err := parseOutputs(stringList(v, "output"), report.Formats(), "table")
	if err != nil {
		return err
	}
	h, err := newHistoryRun(v, s, time.Now())
	if err != nil {
		return err
	}
	if outputs, err = h.place(outputs); err != nil {
		return err
	}
	finished := false
	defer func() {
		if retErr != nil && !finished {
			h.fail(cmd.Context(), retErr)
		}
	}()
	failOn, err := parseFailOn(v)
	if err != nil {
		return err
	}
	b, err := loadPolicies(v)
	if err != nil {
		return err
	}
	opts := scan.Options{
		Benchmarks:    expandAll(stringList(v, "benchmark"), b),
		Checks:        stringList(v, "check"),
		Files:         v.GetStringSlice("filename"),
		Exclude:       v.GetStringSlice("exclude"),
		Command:       commandLine(cmd),
		Stdin:         s.in,
		ToolVersion:   version,
		NodeFacts:     stringList(v, "node-facts"),
		LocalNode:     v.GetBool("local-node"),
		EveryTemplate: v.GetBool("every-template"),
		LocalNodeOptions: nodefacts.Options{
			Root:        v.GetString("root"),
			ToolVersion: version,
		},
	}
	if opts.Waivers, err = loadWaivers(v); err != nil {
		return err
	}
	opts.WaiverAnnotations = v.GetBool("waiver-annotations")
	if len(opts.Checks) > 0 && !cmd.Flags().Changed("benchmark") && !v.InConfig("benchmark") && os.Getenv("KUBEASSAY_BENCHMARK") == "" {
		// --check alone runs only those checks, not the default benchmark.
		opts.Benchmarks = nil
	}
	if v.GetBool("nodes") {
		docs, err := gatherNodes(cmd, s, v)
		if err != nil {
			return err
		}
		opts.NodeDocuments = docs
	}
	progress := newProgress(s.err)
	opts.Progress = progress.update
	// With no manifests and no saved node facts, the scan reads the cluster
	// of the current (or given) kubeconfig context, as kubectl would.
	if len(opts.Files) == 0 && len(opts.NodeFacts) == 0 {
		copts := clusterOptions(v)
		copts.Listed = progress.listed
		cfg, err := cluster.RESTConfig(copts)
		switch {
		case err == nil:
			opts.Cluster = &scan.ClusterSource{Config: cfg, Options: copts}
		case opts.LocalNode && v.GetString("kubeconfig") == "" && v.GetString("context") == "":
			fmt.Fprintf(s.err, "warning: %v; scanning this node only\n", err)
		default:
			return err
		}
	}
	res, err := scan.Run(cmd.Context(), b, opts)
	progress.done()
	if err != nil {
		return err
	}
	err = render(s, v, outputs, failOn, res)
	var fe *failOnError
	var ge *gateError
	if err != nil && !errors.As(err, &fe) && !errors.As(err, &ge) {
		return err
	}
	if herr := h.finish(cmd.Context(), res, err); herr != nil {
		return herr
	}
	finished = true
	if berr := checkBaseline(s, v, res); berr != nil {
		return berr
	}
	return err
}

// render writes the result in every output format asked for, then applies
// --fail-on (scan and report).
func render(s streams, v *viper.Viper, outputs []outputSpec, failOn map[string]bool, res *report.Result) error {
	paper := strings.ToLower(v.GetString("paper"))
	if paper != "a4" && paper != "letter" {
		return fmt.Errorf("--paper %s: not a4 or letter", v.GetString("paper"))
	}
	color := !v.GetBool("no-color") && os.Getenv("NO_COLOR") == "" && isTerminal(s.out)
	sg, err := loadSigner(v, outputs)
	if err != nil {
		return err
	}
	signedBy := ""
	if sg != nil {
		signedBy = sg.fp
	}
	err = writeOutputs(s.out, outputs, func(o outputSpec, w io.Writer) error {
		rw, err := report.NewWriter(o.format, report.Options{Color: color && o.path == "", MaxFindings: v.GetInt("max-findings"), Paper: paper, Pretty: v.GetBool("pretty"), SignedBy: signedBy})
		if err != nil {
			return err
		}
		return rw.Write(w, res)
	})
	if err != nil {
		return err
	}
	if sg != nil {
		if err := sg.sign(outputs, res); err != nil {
			return err
		}
	}
	if err := checkGates(v, res); err != nil {
		return err
	}
	if len(failOn) > 0 {
		matched := map[string]int{}
		for _, bm := range res.Benchmarks {
			for _, c := range bm.Controls {
				if failOn[c.Status] {
					matched[c.Status]++
				}
			}
		}
		if len(matched) > 0 {
			return &failOnError{matched: matched}
		}
	}
	return nil
}

// addOutputFlags adds the flags that say how a result is rendered (scan and
// report).
func addOutputFlags(f *pflag.FlagSet) {
	addOutputFlag(f, report.Formats(), "table")
	f.StringSlice("fail-on", nil, "exit with 1 when a control has one of these statuses (e.g. FAIL,ERROR)")
	f.StringSlice("fail-below", nil, "exit with 1 when a benchmark's score is below PERCENT: N for every benchmark, or ID=N for one (repeatable or comma-separated)")
	f.String("fail-on-severity", "", "exit with 1 when a control of this severity or above fails or errors (critical, high, medium, low)")
	f.Int("max-findings", report.DefaultMaxFindings, "findings listed per control in the table (-1 for all)")
	f.String("paper", "a4", "page size of the PDF report: a4 or letter")
	f.Bool("pretty", false, "indent the JSON result (it is compact otherwise)")
	f.Bool("no-color", false, "never colour the table (colour is used only on a terminal; NO_COLOR is honoured too)")
	f.String("sign", "", "sign the result with this ed25519 private key (from 'kubeassay keygen'): FILE.sig beside each -o json=FILE")
}

// parseFailOn reads --fail-on.
func parseFailOn(v *viper.Viper) (map[string]bool, error) {
	failOn := map[string]bool{}
	for _, st := range stringList(v, "fail-on") {
		up := strings.ToUpper(st)
		if !slices.Contains(statuses, up) {
			return nil, fmt.Errorf("--fail-on %s: not a status (one of %s)", st, strings.Join(statuses, ", "))
		}
		failOn[up] = true
	}
	return failOn, nil
}

// gatherNodes runs the collector Jobs of --nodes and returns the documents.
func gatherNodes(cmd *cobra.Command, s streams, v *viper.Viper) ([]scan.NodeDocument, error) {
	tolerations, err := nodejobs.ParseTolerations(v.GetStringSlice("toleration"))
	if err != nil {
		return nil, fmt.Errorf("--toleration: %w", err)
	}
	if tolerations == nil {
		tolerations = []corev1.Toleration{} // none given: none, not the defaults
	}
	timeout := v.GetDuration("collector-timeout")
	if timeout <= 0 {
		return nil, fmt.Errorf("--collector-timeout %s: must be positive", v.GetString("collector-timeout"))
	}
	cs, err := newClientset(connectionOptions(v))
	if err != nil {
		return nil, fmt.Errorf("--nodes: %w", err)
	}
	res, err := nodejobs.Gather(cmd.Context(), cs, nodejobs.Options{
		Namespace:    v.GetString("collector-namespace"),
		Image:        v.GetString("collector-image"),
		Timeout:      timeout,
		NodeSelector: v.GetString("node-selector"),
		Tolerations:  tolerations,
		Logf: func(format string, args ...any) {
			fmt.Fprintf(s.err, "--nodes: "+format+"\n", args...)
		},
	})
	if res != nil {
		for _, w := range res.Warnings {
			fmt.Fprintf(s.err, "warning: --nodes: %s\n", w)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("--nodes: %w", err)
	}
	var docs []scan.NodeDocument
	for _, d := range res.Documents {
		docs = append(docs, scan.NodeDocument{Node: d.Node, JSON: d.JSON, Err: d.Err})
	}
	return docs, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// progress prints a running count on stderr when stderr is a terminal.
type progress struct {
	w       io.Writer
	on      bool
	start   time.Time
	printed bool

	mu                    sync.Mutex
	objects               int64
	kindsDone, kindsTotal int
}

func newProgress(w io.Writer) *progress {
	return &progress{w: w, on: isTerminal(w), start: time.Now()}
}

func (p *progress) update(n int64) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.objects = n
	p.print()
}

// listed records that done of total kinds have been listed from the cluster.
func (p *progress) listed(done, total int) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.kindsDone, p.kindsTotal = done, total
	p.print()
}

func (p *progress) print() {
	p.printed = true
	kinds := ""
	if p.kindsTotal > 0 {
		kinds = fmt.Sprintf("%d/%d kinds listed, ", p.kindsDone, p.kindsTotal)
	}
	// \x1b[K clears what a longer line before left ("1.5ss" after "200ms").
	fmt.Fprintf(p.w, "\rscanning: %s%d objects, %s\x1b[K", kinds, p.objects, time.Since(p.start).Round(100*time.Millisecond))
}

func (p *progress) done() {
	if p.printed {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// commandLine renders the command as it was given: its path and every flag
// set on the command line, in a fixed order (for the report's metadata and
// the evidence that says how to run it again).
func commandLine(cmd *cobra.Command) []string {
	out := strings.Fields(cmd.CommandPath())
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			for _, v := range sv.GetSlice() {
				out = append(out, "--"+f.Name+"="+v)
			}
			return
		}
		out = append(out, "--"+f.Name+"="+f.Value.String())
	})
	return out
}

// expandAll replaces "all" in a list of benchmark ids with every benchmark,
// built-in and of the policy directories, in the catalogue's order, keeping
// each id once.
func expandAll(ids []string, b *scan.Builtin) []string {
	var out []string
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, id := range ids {
		if id != scan.All {
			add(id)
			continue
		}
		for _, bm := range b.Benchmarks {
			add(bm.ID)
		}
	}
	return out
}
