// Package report holds the scan result model, the contract every writer
// and downstream tool reads, and renders it in each output format, one
// writer per file behind one interface. The model is computed once, by the
// verdict package; writers only render it.
package report

import (
	"time"

	"github.com/kubeassay/kubeassay/checks"
)

// APIVersion and Kind identify the JSON document; see docs/report-schema.json.
// Read also reads results of APIVersionV1, converting them.
const (
	APIVersion   = "kubeassay/v2"
	APIVersionV1 = "kubeassay/v1"
	Kind         = "ScanResult"
)

// Statuses of a control or finding.
const (
	StatusPass   = "PASS"
	StatusFail   = "FAIL"
	StatusWarn   = "WARN"
	StatusManual = "MANUAL"
	StatusSkip   = "SKIP"
	StatusError  = "ERROR"
	// StatusWaived is a finding a waiver accepts, and a control whose
	// remaining findings are all waived. Scores count it apart: neither met
	// nor unmet.
	StatusWaived = "WAIVED"
)

// Result is a whole scan: the contract every writer and downstream tool reads.
//
// A finding is stored once, with the check that made it (Checks); a
// benchmark's control names the checks it maps and carries its own status,
// reason, counts and score, and ControlFindings gives its findings from
// those shared records. Two benchmarks whose controls map the same check
// share its findings rather than holding copies.
type Result struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Metadata   Metadata `json:"metadata"`
	// Checks are the checks behind the automated controls of the
	// benchmarks, sorted by id, each with every finding it made.
	Checks     []CheckResult `json:"checks"`
	Benchmarks []Benchmark   `json:"benchmarks"`
	Errors     []InputError  `json:"errors"`
	// Waivers are the waivers the scan was given, from the configuration
	// and from objects' annotations, each with what became of it; absent
	// when there were none.
	Waivers []Waiver `json:"waivers,omitempty"`
}

// Waiver states.
const (
	// WaiverActive waived at least one finding.
	WaiverActive = "active"
	// WaiverExpired is past its expiry date: it waived nothing.
	WaiverExpired = "expired"
	// WaiverStale was in force but matched no finding.
	WaiverStale = "stale"
	// WaiverUnused names checks this scan did not run.
	WaiverUnused = "unused"
	// WaiverInvalid is an annotation waiver that could not be read, or
	// one the configuration does not allow: it waived nothing.
	WaiverInvalid = "invalid"
)

// Waiver is one waiver and what became of it.
type Waiver struct {
	// ID names the waiver in findings: "config/N" for the Nth waiver of
	// the configuration (from 1), "annotation/<object>" for one on an
	// object.
	ID string `json:"id"`
	// Source is where it was written (file and index, or the object).
	Source string `json:"source"`
	// Checks are the ids of checks it waives; Controls the
	// "<benchmark>/<control>" it was written against, if any.
	Checks   []string `json:"checks"`
	Controls []string `json:"controls,omitempty"`
	// The selector: globs over the findings' objects; empty selects all.
	Namespace string            `json:"namespace,omitempty"`
	Kind      string            `json:"kind,omitempty"`
	Name      string            `json:"name,omitempty"`
	Labels    map[string]string `json:"labels,omitempty"`
	Nodes     []string          `json:"nodes,omitempty"`
	// Justification, Owner and Expires (YYYY-MM-DD; the waiver holds
	// through that day, UTC) are as written.
	Justification string `json:"justification"`
	Owner         string `json:"owner,omitempty"`
	Expires       string `json:"expires"`
	// State is active, expired, stale, unused or invalid; Reason says why
	// for the last three.
	State  string `json:"state"`
	Reason string `json:"reason,omitempty"`
	// Findings counts the findings it waived (active) or would have
	// waived (expired).
	Findings int `json:"findings"`
}

// FindingWaiver is the waiver that accepted a finding, and the status the
// finding had.
type FindingWaiver struct {
	ID            string `json:"id"`
	Was           string `json:"was"`
	Justification string `json:"justification"`
	Owner         string `json:"owner,omitempty"`
	Expires       string `json:"expires"`
}

// CheckResult is what one check found: its findings, stored once for every
// control that maps it.
type CheckResult struct {
	ID       string `json:"id"`
	Title    string `json:"title,omitempty"`
	Severity string `json:"severity,omitempty"`
	// Evaluated counts the objects the check judged.
	Evaluated int `json:"evaluated"`
	// Findings are in the report's order (SortFindings); every one has
	// Check set to ID in memory, which the JSON leaves implicit.
	Findings []Finding `json:"findings"`
}

// Metadata describes the run.
type Metadata struct {
	ToolVersion string    `json:"toolVersion"`
	StartedAt   time.Time `json:"startedAt"`
	FinishedAt  time.Time `json:"finishedAt"`
	// Source says what was scanned: the manifest paths given with -f.
	Source Source `json:"source"`
	// Objects counts the objects read, by kind: the bare name for a
	// well-known kind (whatever group of it the object has: apps/v1 and
	// extensions/v1beta1 Deployments are "Deployment") and a core kind,
	// Kind.group for any other (NetworkPolicy.crd.projectcalico.org).
	Objects map[string]int `json:"objects"`
	// Templates counts the distinct pod templates judged, and Shapes the
	// evaluations that took: templates that differ only in the names the
	// checks print (containers, volumes, Secrets, ConfigMaps) and in fields
	// no check reads share one.
	Templates int `json:"templates"`
	Shapes    int `json:"shapes,omitempty"`
	// Selection says how the benchmarks were chosen when the scan chose
	// them itself (-b auto, the default).
	Selection *Selection `json:"selection,omitempty"`
	// Cluster describes the live cluster scanned, when one was.
	Cluster *Cluster `json:"cluster,omitempty"`
	// Command is the command line the scan ran with (kubeassay's own
	// arguments; no credential is ever one of them).
	Command []string `json:"command,omitempty"`
	// PolicyDigest is the SHA-256 of the embedded checks and benchmark
	// definitions the scan used ("sha256:<hex>"), and of those of its policy
	// directories when it had some: two reports with the same digest were
	// judged by the same rules.
	PolicyDigest string `json:"policyDigest,omitempty"`
	// PolicyDirs are the directories of checks and benchmarks of one's own
	// (--policy-dir) the scan loaded beside the built-in ones, in the order
	// given; absent when there was none.
	PolicyDirs []PolicyDir `json:"policyDirs,omitempty"`
}

// PolicyDir is a directory of checks and benchmark definitions of one's
// own that a scan loaded: where it was, the digest of its rules, and the
// checks and benchmarks it defines.
type PolicyDir struct {
	Path string `json:"path"`
	// Digest is the SHA-256 of its Rego modules and benchmark definitions
	// ("sha256:<hex>"), in the same way as PolicyDigest.
	Digest     string   `json:"digest"`
	Checks     []string `json:"checks,omitempty"`
	Benchmarks []string `json:"benchmarks,omitempty"`
}

// Selection is the automatic choice of benchmarks: the platform and server
// version it went by (with what decided the platform), the benchmarks, and
// one reason per benchmark, in the same order.
type Selection struct {
	Platform   string   `json:"platform"`
	Version    string   `json:"version,omitempty"`
	Benchmarks []string `json:"benchmarks"`
	Reasons    []string `json:"reasons"`
	Evidence   []string `json:"evidence,omitempty"`
}

// Cluster describes a scanned cluster.
type Cluster struct {
	Server  string `json:"server"`
	Version string `json:"version"`
	// Nodes counts the nodes; null when they could not be listed.
	Nodes    *int     `json:"nodes"`
	Platform string   `json:"platform"`
	Evidence []string `json:"evidence"`
	// Kubelets counts the nodes by the kubelet version they report; absent
	// when the nodes could not be listed.
	Kubelets map[string]int `json:"kubelets,omitempty"`
	// Unavailable holds the kinds that could not be read, with the reason;
	// kinds are named as in Metadata.Objects.
	Unavailable map[string]string `json:"unavailable,omitempty"`
	// NotServed lists kinds the checks judge that this cluster does not serve.
	NotServed []string `json:"notServed,omitempty"`
	// Context is the kubeconfig context read ("in-cluster" in a pod).
	Context string `json:"context,omitempty"`
	// Identity is who the API server says the scan ran as; absent when it
	// could not tell (the evidence says why).
	Identity *Identity `json:"identity,omitempty"`
	// Namespaces and ExcludedNamespaces say which namespaces were read
	// (none listed: all).
	Namespaces         []string `json:"namespaces,omitempty"`
	ExcludedNamespaces []string `json:"excludedNamespaces,omitempty"`
}

// Identity is a user as the API server authenticated it.
type Identity struct {
	Username string   `json:"username"`
	Groups   []string `json:"groups,omitempty"`
}

// Source is what was scanned.
type Source struct {
	Type  string   `json:"type"` // "manifests", "cluster", "snapshot" or "nodes"
	Paths []string `json:"paths,omitempty"`
	// NodeFacts are saved node facts documents that were scanned.
	NodeFacts []string `json:"nodeFacts,omitempty"`
	// LocalNode says the facts of the host kubeassay ran on were scanned.
	LocalNode bool `json:"localNode,omitempty"`
}

// Benchmark is one benchmark's verdict.
type Benchmark struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Version  string    `json:"version"`
	Document string    `json:"document"`
	URL      string    `json:"url,omitempty"`
	Score    Score     `json:"score"`
	Sections []Section `json:"sections"`
	Controls []Control `json:"controls"`
}

// Section is one section's score.
type Section struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Score Score  `json:"score"`
}

// Score summarises controls. Percent is passed/(passed+failed+errored) over
// the automated controls (an ERROR control is not met); WeightedPercent weighs
// each by its severity. Both are null when no automated control passed or
// failed.
type Score struct {
	Percent         *float64 `json:"percent"`
	WeightedPercent *float64 `json:"weightedPercent"`
	Pass            int      `json:"pass"`
	Fail            int      `json:"fail"`
	Warn            int      `json:"warn"`
	Manual          int      `json:"manual"`
	Skip            int      `json:"skip"`
	Error           int      `json:"error"`
	// Waived counts the controls that are WAIVED: they are left out of
	// both percentages, as neither met nor unmet.
	Waived int `json:"waived,omitempty"`
}

// Control is one control's verdict.
type Control struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Section   string `json:"section"`
	Severity  string `json:"severity"`
	Automated bool   `json:"automated"`
	Status    string `json:"status"`
	// Reason explains a SKIP, ERROR or MANUAL status.
	Reason      string   `json:"reason,omitempty"`
	Checks      []string `json:"checks,omitempty"`
	Remediation string   `json:"remediation,omitempty"`
	Audit       string   `json:"audit,omitempty"`
	// Evaluated counts the objects the control's checks judged.
	Evaluated int `json:"evaluated"`
	// Failed and Warned count the control's findings (ControlFindings) that
	// fail and that warn.
	Failed int `json:"failed"`
	Warned int `json:"warned"`
	// Waived counts its findings that waivers accept.
	Waived int `json:"waived,omitempty"`
}

// FindingCount is how many findings the control lists.
func (c *Control) FindingCount() int { return c.Failed + c.Warned + c.Waived }

// Finding is one fault in one object.
type Finding struct {
	Status string `json:"status"`
	// Check is the check that made the finding; in the JSON it is the
	// CheckResult the finding is stored under.
	Check    string   `json:"-"`
	Message  string   `json:"message"`
	Path     string   `json:"path,omitempty"`
	Value    any      `json:"value,omitempty"`
	Resource Resource `json:"resource"`
	// AffectedPods counts the pods of Resource that share the finding.
	AffectedPods int `json:"affectedPods,omitempty"`
	// Origin is where the object was read from.
	Origin *checks.Origin `json:"origin,omitempty"`
	// Position is where Path is in the file of Origin (a YAML manifest),
	// or the nearest part of it that exists; absent when not known.
	Position *Position `json:"position,omitempty"`
	// Waiver is the waiver that accepted the finding (Status WAIVED).
	Waiver *FindingWaiver `json:"waiver,omitempty"`
}

// Position is a place in a file, 1-based.
type Position struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// Resource names the object a finding is about.
type Resource = checks.ObjectRef

// InputError is a document or source that was skipped, and why.
type InputError = checks.InputError
