package checks

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

// Document is one object handed to the engine, either as JSON or YAML text
// (decoded by the engine's workers, in parallel) or already decoded, or an
// error saying why a document of the input could not be read.
type Document struct {
	Origin Origin
	JSON   []byte
	// YAML is one object as YAML text (an item of a YAML List), parsed by
	// the engine's workers.
	YAML   []byte
	Object map[string]any
	Err    error
	// APIVersion and Kind name the object when its JSON does not: the
	// items of a list read from an API server carry neither. APIVersion
	// carries the group (apps/v1): the kind is matched by group and name.
	APIVersion, Kind string
}

// Origin says where a document came from: a file (or "-" for standard input),
// the document's number in it (1-based, for multi-document YAML) and, for an
// item of a List, its index in items.
type Origin struct {
	File     string `json:"file"`
	Document int    `json:"document,omitempty"`
	Item     *int   `json:"item,omitempty"`
	// Line is the line of File the object starts on (1-based), when the
	// reader knows it (YAML and JSON documents, and the items of a List);
	// 0 otherwise.
	Line int `json:"line,omitempty"`
}

func (o Origin) String() string {
	s := o.File
	if o.Document > 0 {
		s += fmt.Sprintf(": document %d", o.Document)
	}
	if o.Item != nil {
		s += fmt.Sprintf(": items[%d]", *o.Item)
	}
	return s
}

// ObjectRef names a Kubernetes object.
type ObjectRef struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Namespace  string `json:"namespace,omitempty"`
	Name       string `json:"name"`
}

// String is Kind/namespace/name, the kind qualified with its API group the
// way kubectl takes it (NetworkPolicy.crd.projectcalico.org) when the group
// is not one of Kubernetes' own: a Calico NetworkPolicy and a
// networking.k8s.io one must not read the same.
func (r ObjectRef) String() string {
	kind := r.Kind
	if g := GroupOf(r.APIVersion); strings.Contains(g, ".") && !strings.HasSuffix(g, ".k8s.io") {
		kind += "." + g
	}
	if r.Namespace == "" {
		return kind + "/" + r.Name
	}
	return kind + "/" + r.Namespace + "/" + r.Name
}

// Finding is one fault a check found in one object.
type Finding struct {
	CheckID string
	Warn    bool // from a warn rule: worth a look, not a failure
	Message string
	Path    string
	Value   any
	// Resource is the object an inventory check's finding is about; nil
	// for the findings of other checks, which are about the object judged.
	Resource *ObjectRef
}

// InputError is a document that was skipped, and why.
type InputError struct {
	Origin Origin     `json:"origin"`
	Object *ObjectRef `json:"object,omitempty"`
	// Kind is the kind the document names, when its text still shows it;
	// "" when it does not. Controls that judge that kind (every control,
	// when it is "") cannot pass while the document is unread.
	//
	// It is the kind name only, without the group (GuessKind reads it from
	// text that did not parse, where the apiVersion may be lost too), and
	// it is matched against the names of the kinds a control judges: a
	// broken Calico NetworkPolicy leaves the networking.k8s.io
	// NetworkPolicy controls undecided too. Matching by name alone is the
	// conservative direction, more ERROR and never less.
	Kind    string `json:"kind,omitempty"`
	Message string `json:"message"`
}

func (e InputError) String() string {
	s := e.Origin.String()
	if e.Object != nil {
		s += " (" + e.Object.String() + ")"
	}
	return s + ": " + e.Message
}

func toString(v any) string { return fmt.Sprint(v) }

// yamlKind finds a top-level kind in YAML text that did not parse.
var yamlKind = regexp.MustCompile(`(?m)^kind:[ \t]*["']?([A-Za-z][A-Za-z0-9]*)["']?[ \t]*(?:#.*)?\r?$`)

// GuessKind returns the kind a document's text names at its top level, for
// a document that could not be parsed; "" when the text does not show one,
// shows two different ones, or names a List.
func GuessKind(text []byte) string {
	if len(text) > 1<<20 {
		text = text[:1<<20]
	}
	var kinds []string
	if t := bytes.TrimLeft(text, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		kinds = jsonTopLevelKinds(t)
	} else {
		for _, m := range yamlKind.FindAllSubmatch(text, -1) {
			kinds = append(kinds, string(m[1]))
		}
	}
	if len(kinds) == 0 || strings.HasSuffix(kinds[0], "List") {
		// A List, or a typed one (PodList): its items may be of any
		// kind its text does not show.
		return ""
	}
	for _, k := range kinds[1:] {
		if k != kinds[0] {
			return ""
		}
	}
	return kinds[0]
}

// jsonTopLevelKinds scans JSON text that may be cut short for the string
// values of "kind" keys at the top level of its first object.
func jsonTopLevelKinds(t []byte) []string {
	var kinds []string
	depth := 0
	expectKey := false // at depth 1, the next string is a key
	pendingKind := false
	for i := 0; i < len(t); i++ {
		switch c := t[i]; c {
		case '{':
			depth++
			expectKey = depth == 1
		case '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return kinds
			}
		case ',':
			expectKey = depth == 1
		case '"':
			j := i + 1
			for j < len(t) && t[j] != '"' {
				if t[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(t) {
				return kinds
			}
			s := string(t[i+1 : j])
			switch {
			case depth == 1 && expectKey:
				pendingKind = s == "kind"
				expectKey = false
			case depth == 1 && pendingKind:
				kinds = append(kinds, s)
				pendingKind = false
			}
			i = j
		}
	}
	return kinds
}
