package checks

import (
	"fmt"
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
	// items of a list read from an API server carry neither.
	APIVersion, Kind string
}

// Origin says where a document came from: a file (or "-" for standard input),
// the document's number in it (1-based, for multi-document YAML) and, for an
// item of a List, its index in items.
type Origin struct {
	File     string `json:"file"`
	Document int    `json:"document,omitempty"`
	Item     *int   `json:"item,omitempty"`
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

func (r ObjectRef) String() string {
	if r.Namespace == "" {
		return r.Kind + "/" + r.Name
	}
	return r.Kind + "/" + r.Namespace + "/" + r.Name
}

// Finding is one fault a check found in one object.
type Finding struct {
	CheckID string
	Warn    bool // from a warn rule: worth a look, not a failure
	Message string
	Path    string
	Value   any
}

// InputError is a document that was skipped, and why.
type InputError struct {
	Origin  Origin     `json:"origin"`
	Object  *ObjectRef `json:"object,omitempty"`
	Message string     `json:"message"`
}

func (e InputError) String() string {
	s := e.Origin.String()
	if e.Object != nil {
		s += " (" + e.Object.String() + ")"
	}
	return s + ": " + e.Message
}

func toString(v any) string { return fmt.Sprint(v) }
