package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
)

// sarifWriter writes SARIF 2.1.0, as code scanning reads it: a rule per
// check (its title, the remediation as help, its severity, and the
// benchmark controls that map it), a result per finding, stored once under
// its check as in the JSON result. A finding read from a file points at it
// (the line its object starts on, when the reader knew it); every finding
// also names its object as a logical location (kind, namespace, name), the
// only location a cluster's object has. Validated against the official
// schema (testdata/sarif).
type sarifWriter struct{}

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	ShortDescription     sarifText      `json:"shortDescription"`
	Help                 *sarifText     `json:"help,omitempty"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          map[string]any     `json:"properties,omitempty"`
}

// sarifSuppression is a waiver, as SARIF says a result was accepted.
type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
	Message          *sarifText     `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// sarifSecurity is GitHub code scanning's security-severity, by severity.
var sarifSecurity = map[string]string{"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.0"}

func sarifLevel(severity, status string) string {
	switch {
	case status == StatusFail && (severity == "critical" || severity == "high"):
		return "error"
	case severity == "low" || severity == "info":
		return "note"
	}
	return "warning"
}

func (sarifWriter) Write(w io.Writer, r *Result) error {
	controls := map[string][]string{}
	remediation := map[string]string{}
	for _, b := range r.Benchmarks {
		for _, c := range b.Controls {
			for _, id := range c.Checks {
				controls[id] = append(controls[id], b.ID+" "+c.ID)
				if remediation[id] == "" && c.Remediation != "" {
					remediation[id] = c.Remediation
				}
			}
		}
	}
	run := sarifRun{Tool: sarifTool{Driver: sarifDriver{Name: "kubeassay", Version: r.Metadata.ToolVersion,
		InformationURI: "https://github.com/kubeassay/kubeassay"}}, Results: []sarifResult{}}
	for i, ch := range r.Checks {
		rule := sarifRule{ID: ch.ID, ShortDescription: sarifText{orText(ch.Title, ch.ID)},
			DefaultConfiguration: sarifConfig{sarifLevel(ch.Severity, StatusFail)},
			Properties: map[string]any{"severity": ch.Severity, "controls": slices.Compact(slices.Sorted(slices.Values(controls[ch.ID]))),
				"tags": []string{"security", "kubernetes"}}}
		if s, ok := sarifSecurity[ch.Severity]; ok {
			rule.Properties["security-severity"] = s
		}
		if rem := remediation[ch.ID]; rem != "" {
			rule.Help = &sarifText{strings.TrimSpace(rem)}
		}
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, rule)
		for _, f := range ch.Findings {
			level := f.Status
			if f.Waiver != nil {
				level = f.Waiver.Was
			}
			res := sarifResult{RuleID: ch.ID, RuleIndex: i, Level: sarifLevel(ch.Severity, level),
				Message:             sarifText{f.Resource.String() + ": " + f.Message},
				PartialFingerprints: map[string]string{"kubeassayFinding/v1": findingFingerprint(ch.ID, f)}}
			loc := sarifLocation{LogicalLocations: []sarifLogical{{
				Name: f.Resource.Name, FullyQualifiedName: f.Resource.String(), Kind: "resource"}}}
			if o := f.Origin; o != nil && o.File != "" && o.File != "-" {
				phys := &sarifPhysical{ArtifactLocation: sarifArtifact{URI: (&url.URL{Path: o.File}).String()}}
				switch {
				case f.Position != nil:
					phys.Region = &sarifRegion{StartLine: f.Position.Line, StartColumn: f.Position.Column}
				case o.Line > 0:
					phys.Region = &sarifRegion{StartLine: o.Line, StartColumn: 1}
				}
				loc.PhysicalLocation = phys
			}
			if f.Path != "" {
				loc.Message = &sarifText{"at " + f.Path}
			}
			res.Locations = []sarifLocation{loc}
			props := map[string]any{"status": f.Status}
			if f.Path != "" {
				props["path"] = f.Path
			}
			if f.AffectedPods > 0 {
				props["affectedPods"] = f.AffectedPods
			}
			if wv := f.Waiver; wv != nil {
				// A waiver is an external suppression: the result stays,
				// and code scanning shows it as dismissed.
				res.Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted",
					Justification: fmt.Sprintf("%s (%s, %s until %s)", wv.Justification, wv.ID, cmpOr(wv.Owner, "no owner given"), wv.Expires)}}
				props["waiver"] = wv.ID
			}
			res.Properties = props
			run.Results = append(run.Results, res)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// findingFingerprint identifies a finding across scans (code scanning
// tracks an alert by it): its check, object, field and message.
func findingFingerprint(check string, f Finding) string {
	r := f.Resource
	sum := sha256.Sum256([]byte(strings.Join([]string{check, r.APIVersion, r.Kind, r.Namespace, r.Name, f.Path, f.Message}, "\x00")))
	return hex.EncodeToString(sum[:16])
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
