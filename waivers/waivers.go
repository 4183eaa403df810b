// Package waivers reads waivers (accepted exceptions) from the configuration
// and from objects' annotations, and decides which findings they accept. A
// waiver is about findings: the fault a check found in an object. Naming a
// control waives the findings of that control's checks on the objects it
// selects, in every benchmark that reports them, so that two benchmarks never
// disagree about the same fault in the same object.
//
// A waiver needs a justification, an owner and an expiry date; past that date
// it waives nothing and is reported as expired. One that matches nothing is
// reported as stale. docs/waivers.md says the same for users.
package waivers

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/report"
)

// Rule is a waiver as written in kubeassay.yaml or a waivers file.
type Rule struct {
	// Check is a check id (KA-POD-003); Control is "<benchmark>/<control>"
	// (cis-1.12/5.2.2). Exactly one is given.
	Check   string `json:"check,omitempty"`
	Control string `json:"control,omitempty"`
	// Namespace, Kind and Name are globs (path.Match) over the finding's
	// object; Labels are the labels it must have, values globs; Nodes are
	// globs over node names and select node findings only. None given
	// selects every finding of the checks.
	Namespace string            `json:"namespace,omitempty"`
	Kind      string            `json:"kind,omitempty"`
	Name      string            `json:"name,omitempty"`
	Labels    map[string]string `json:"labels,omitempty"`
	Nodes     []string          `json:"nodes,omitempty"`
	// Justification says why the finding is accepted, Owner who accepted
	// it, Expires (YYYY-MM-DD) the last day it holds.
	Justification string `json:"justification"`
	Owner         string `json:"owner"`
	Expires       string `json:"expires"`
}

// File is the shape of a waivers file, and of the waivers key of
// kubeassay.yaml.
type File struct {
	Waivers []Rule `json:"waivers"`
}

// ReadFile reads the waivers of a file holding a "waivers:" list, refusing
// any key that is not a waiver's: a typo must not widen or void a waiver in
// silence. Other top-level keys are refused unless otherKeys is set (the
// configuration file, whose other keys are checked elsewhere).
func ReadFile(name string, otherKeys bool) ([]Rule, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	if otherKeys {
		var top map[string]any
		if err := yaml.Unmarshal(data, &top); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		w, ok := top["waivers"]
		if !ok || w == nil {
			return nil, nil
		}
		if data, err = yaml.Marshal(map[string]any{"waivers": w}); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	var f File
	if err := yaml.UnmarshalStrict(bytes.TrimSpace(data), &f); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return f.Waivers, nil
}

// Sourced is a rule and where it was written ("kubeassay.yaml: waivers[2]").
type Sourced struct {
	Rule
	Source string
}

// Catalog tells the set which checks and controls exist and which checks
// the scan runs.
type Catalog struct {
	// Check reports whether a check id exists.
	Check func(id string) bool
	// Control gives the checks of a benchmark's control; ok is false when
	// the benchmark or control does not exist. Manual controls have none.
	Control func(benchmark, control string) (checks []string, ok bool)
	// Ran reports whether the scan ran a check.
	Ran func(id string) bool
}

// Options are how waivers apply.
type Options struct {
	// Annotations lets objects waive their own findings with
	// kubeassay.io/waive annotations.
	Annotations bool
	// Now is the time expiry is judged at.
	Now time.Time
}

// Set holds the waivers of one scan and counts what they match.
type Set struct {
	config     []*waiver
	annotation map[checks.ObjectRef]*waiver
	// annotated lists the annotation waivers in the order of their objects.
	annotated []*waiver
	cat       Catalog
	opts      Options
}

type waiver struct {
	rec     report.Waiver
	checks  map[string]bool
	expired bool
	invalid bool
	// object is the one object an annotation waiver is on.
	object *checks.ObjectRef
}

const dateLayout = "2006-01-02"

// New validates the configured rules. An error names the waiver's source
// and the field at fault; annotation waivers, which come with the input,
// are never an error (Annotate reports them as invalid instead).
func New(rules []Sourced, cat Catalog, opts Options) (*Set, error) {
	s := &Set{annotation: map[checks.ObjectRef]*waiver{}, cat: cat, opts: opts}
	for i, r := range rules {
		w, err := s.build(r.Rule)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.Source, err)
		}
		w.rec.ID = fmt.Sprintf("config/%d", i+1)
		w.rec.Source = r.Source
		s.config = append(s.config, w)
	}
	return s, nil
}

// build checks one rule and resolves the checks it names.
func (s *Set) build(r Rule) (*waiver, error) {
	w := &waiver{checks: map[string]bool{}, rec: report.Waiver{
		Namespace: r.Namespace, Kind: r.Kind, Name: r.Name, Labels: r.Labels, Nodes: r.Nodes,
		Justification: strings.TrimSpace(r.Justification), Owner: strings.TrimSpace(r.Owner), Expires: r.Expires,
	}}
	switch {
	case r.Check == "" && r.Control == "":
		return nil, fmt.Errorf("names no check and no control (give check: KA-... or control: <benchmark>/<control>)")
	case r.Check != "" && r.Control != "":
		return nil, fmt.Errorf("names both check %q and control %q: give one per waiver", r.Check, r.Control)
	case r.Check != "":
		if err := s.addCheck(w, r.Check); err != nil {
			return nil, err
		}
	default:
		if err := s.addControl(w, r.Control); err != nil {
			return nil, err
		}
	}
	if w.rec.Justification == "" {
		return nil, fmt.Errorf("has no justification: say why the finding is accepted")
	}
	if w.rec.Owner == "" {
		return nil, fmt.Errorf("has no owner: say who accepted it")
	}
	if err := s.setExpiry(w, r.Expires); err != nil {
		return nil, err
	}
	for field, pattern := range map[string]string{"namespace": r.Namespace, "kind": r.Kind, "name": r.Name} {
		if _, err := path.Match(pattern, ""); err != nil {
			return nil, fmt.Errorf("%s %q is not a valid glob", field, pattern)
		}
	}
	for k, pattern := range r.Labels {
		if _, err := path.Match(pattern, ""); err != nil {
			return nil, fmt.Errorf("label %s=%q is not a valid glob", k, pattern)
		}
	}
	for _, pattern := range r.Nodes {
		if _, err := path.Match(pattern, ""); err != nil {
			return nil, fmt.Errorf("node %q is not a valid glob", pattern)
		}
	}
	if len(r.Nodes) > 0 && (r.Namespace != "" || r.Kind != "" || r.Name != "" || len(r.Labels) > 0) {
		return nil, fmt.Errorf("selects nodes and objects: a waiver selects one or the other")
	}
	return w, nil
}

func (s *Set) addCheck(w *waiver, id string) error {
	if !s.cat.Check(id) {
		return fmt.Errorf("unknown check %q ('kubeassay benchmarks show' lists them)", id)
	}
	if !w.checks[id] {
		w.checks[id] = true
		w.rec.Checks = append(w.rec.Checks, id)
	}
	return nil
}

func (s *Set) addControl(w *waiver, name string) error {
	b, c, ok := strings.Cut(name, "/")
	if !ok || b == "" || c == "" {
		return fmt.Errorf("control %q is not <benchmark>/<control> (cis-1.12/5.2.2)", name)
	}
	ids, known := s.cat.Control(b, c)
	if !known {
		return fmt.Errorf("unknown control %q ('kubeassay benchmarks show %s' lists them)", name, b)
	}
	if len(ids) == 0 {
		return fmt.Errorf("control %q is manual: it has no findings to waive", name)
	}
	w.rec.Controls = append(w.rec.Controls, name)
	for _, id := range ids {
		if !w.checks[id] {
			w.checks[id] = true
			w.rec.Checks = append(w.rec.Checks, id)
		}
	}
	return nil
}

func (s *Set) setExpiry(w *waiver, expires string) error {
	if expires == "" {
		return fmt.Errorf("has no expiry date (expires: YYYY-MM-DD): every waiver ends")
	}
	day, err := time.Parse(dateLayout, expires)
	if err != nil {
		return fmt.Errorf("expires %q is not a date (YYYY-MM-DD)", expires)
	}
	// It holds through its last day, UTC.
	w.expired = !s.opts.Now.UTC().Before(day.AddDate(0, 0, 1))
	return nil
}

// Annotate reads the waiver annotations of the objects read. Each object's
// waiver selects that object alone. One that cannot be read, or any when the
// configuration does not allow them, is kept as invalid, with the reason.
func (s *Set) Annotate(objects []checks.ObjectFinding) {
	objects = slices.Clone(objects)
	sort.SliceStable(objects, func(i, j int) bool { return objects[i].Object.String() < objects[j].Object.String() })
	for _, o := range objects {
		if o.Tags == nil || o.Tags.Waive == nil {
			continue
		}
		if _, seen := s.annotation[o.Object]; seen {
			continue
		}
		w := s.fromAnnotations(o.Object, o.Tags.Waive)
		w.rec.ID = "annotation/" + o.Object.String()
		w.rec.Source = "annotations of " + o.Object.String()
		if o.Origin.File != "" {
			w.rec.Source += " (" + o.Origin.String() + ")"
		}
		ref := o.Object
		w.object = &ref
		s.annotation[o.Object] = w
		s.annotated = append(s.annotated, w)
	}
}

// Annotation keys.
const (
	annotationWaive   = checks.WaivePrefix
	annotationReason  = checks.WaivePrefix + "-reason"
	annotationOwner   = checks.WaivePrefix + "-owner"
	annotationExpires = checks.WaivePrefix + "-expires"
)

func (s *Set) fromAnnotations(obj checks.ObjectRef, a map[string]string) *waiver {
	invalid := func(w *waiver, why string) *waiver {
		w.invalid = true
		w.rec.State = report.WaiverInvalid
		w.rec.Reason = why
		return w
	}
	w := &waiver{checks: map[string]bool{}, rec: report.Waiver{
		Namespace: obj.Namespace, Kind: obj.Kind, Name: obj.Name,
		Justification: strings.TrimSpace(a[annotationReason]), Owner: strings.TrimSpace(a[annotationOwner]), Expires: strings.TrimSpace(a[annotationExpires]),
	}}
	for k := range a {
		if k != annotationWaive && k != annotationReason && k != annotationOwner && k != annotationExpires {
			return invalid(w, fmt.Sprintf("unknown annotation %s (known: %s, %s, %s, %s)", k, annotationWaive, annotationReason, annotationOwner, annotationExpires))
		}
	}
	if !s.opts.Annotations {
		return invalid(w, "waivers in annotations are not allowed here: set waiverAnnotations: true in kubeassay.yaml (or --waiver-annotations) to accept them")
	}
	names := strings.FieldsFunc(a[annotationWaive], func(r rune) bool { return r == ',' || r == ' ' })
	if len(names) == 0 {
		return invalid(w, annotationWaive+" names no check or control")
	}
	for _, n := range names {
		var err error
		if strings.Contains(n, "/") {
			err = s.addControl(w, n)
		} else {
			err = s.addCheck(w, n)
		}
		if err != nil {
			return invalid(w, err.Error())
		}
	}
	if w.rec.Justification == "" {
		return invalid(w, annotationReason+" is missing: say why the finding is accepted")
	}
	if err := s.setExpiry(w, w.rec.Expires); err != nil {
		return invalid(w, strings.Replace(err.Error(), "expires", annotationExpires, 1))
	}
	return w
}

// Waive decides whether a waiver accepts the finding of check on obj (its
// tags, from the engine, may be nil): the first in force that selects it,
// the configuration's in order, then the object's own annotations. Expired
// waivers that select it are counted, and waive nothing.
func (s *Set) Waive(check string, obj checks.ObjectRef, tags *checks.Tags) *report.Waiver {
	var labels map[string]string
	if tags != nil {
		labels = tags.Labels
	}
	candidates := s.config
	if w := s.annotation[obj]; w != nil {
		candidates = append(slices.Clip(candidates), w)
	}
	for _, w := range candidates {
		if w.invalid || !w.checks[check] || !w.selects(obj, labels) {
			continue
		}
		w.rec.Findings++
		if w.expired {
			continue
		}
		return &w.rec
	}
	return nil
}

// selects reports whether the waiver's selector takes obj.
func (w *waiver) selects(obj checks.ObjectRef, labels map[string]string) bool {
	if w.object != nil {
		return *w.object == obj
	}
	r := &w.rec
	node := obj.Kind == checks.NodeFacts.Kind && checks.GroupOf(obj.APIVersion) == checks.NodeFacts.Group
	if len(r.Nodes) > 0 {
		if !node {
			return false
		}
		for _, p := range r.Nodes {
			if ok, _ := path.Match(p, obj.Name); ok {
				return true
			}
		}
		return false
	}
	if !glob(r.Namespace, obj.Namespace) || !glob(r.Kind, obj.Kind) || !glob(r.Name, obj.Name) {
		return false
	}
	for k, p := range r.Labels {
		v, ok := labels[k]
		if !ok {
			return false
		}
		if m, _ := path.Match(p, v); !m {
			return false
		}
	}
	return true
}

func glob(pattern, s string) bool {
	if pattern == "" {
		return true
	}
	ok, _ := path.Match(pattern, s)
	return ok
}

// NeedsLabels reports whether a configured waiver selects by label: the
// engine must then keep labels for findings.
func NeedsLabels(rules []Sourced) bool {
	for _, r := range rules {
		if len(r.Labels) > 0 {
			return true
		}
	}
	return false
}

// Records are the waivers with their states, once every finding was
// offered to Waive: the configuration's, then the annotations'.
func (s *Set) Records() []report.Waiver {
	var out []report.Waiver
	for _, w := range slices.Concat(s.config, s.annotated) {
		r := w.rec
		r.Checks = append([]string{}, r.Checks...)
		switch {
		case w.invalid:
		case w.expired:
			r.State = report.WaiverExpired
			r.Reason = fmt.Sprintf("expired after %s: it waives nothing", r.Expires)
		case r.Findings > 0:
			r.State = report.WaiverActive
		case !slices.ContainsFunc(r.Checks, s.cat.Ran):
			r.State = report.WaiverUnused
			r.Reason = "none of its checks ran in this scan (" + strings.Join(r.Checks, ", ") + ")"
		default:
			r.State = report.WaiverStale
			r.Reason = "it matched no finding: the fault it accepts is gone, or its selector is wrong"
		}
		out = append(out, r)
	}
	return out
}
