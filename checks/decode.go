package checks

import (
	"fmt"
	"strings"

	json "github.com/goccy/go-json"
)

// head is what the engine decodes of every object: its identity and its
// spec, in one pass over the text. The decoder skips the rest (status, data)
// without building it, which is most of the cost of reading a cluster dump.
// Specs are small for the kinds that have one and no check reads, so
// decoding them all costs less than a second pass over the workloads.
type head struct {
	APIVersion string      `json:"apiVersion"`
	Kind       string      `json:"kind"`
	Metadata   *objectMeta `json:"metadata"`
	Spec       any         `json:"spec"`
}

// objectMeta is the part of an object's metadata the engine reads: its
// identity, its owner, and for a Pod the labels and annotations of its
// template. Of managedFields, often the largest part of an object read from
// a cluster, only the managers are built (fieldManager).
type objectMeta struct {
	Name            string         `json:"name"`
	GenerateName    string         `json:"generateName"`
	Namespace       string         `json:"namespace"`
	UID             string         `json:"uid"`
	Labels          map[string]any `json:"labels"`
	Annotations     map[string]any `json:"annotations"`
	OwnerReferences []any          `json:"ownerReferences"`
	ManagedFields   []fieldManager `json:"managedFields"`
}

// fieldManager is what is kept of a managedFields entry: who wrote the
// object (kube-apiserver for the objects the API server makes itself), not
// which fields.
type fieldManager struct {
	Manager   string `json:"manager,omitempty"`
	Operation string `json:"operation,omitempty"`
}

func (f fieldManager) asMap() map[string]any {
	m := map[string]any{}
	if f.Manager != "" {
		m["manager"] = f.Manager
	}
	if f.Operation != "" {
		m["operation"] = f.Operation
	}
	return m
}

// asMap gives the metadata the shape of a decoded object's.
func (m *objectMeta) asMap() map[string]any {
	out := make(map[string]any, 7)
	set := func(k, v string) {
		if v != "" {
			out[k] = v
		}
	}
	set("name", m.Name)
	set("generateName", m.GenerateName)
	set("namespace", m.Namespace)
	set("uid", m.UID)
	if m.Labels != nil {
		out["labels"] = m.Labels
	}
	if m.Annotations != nil {
		out["annotations"] = m.Annotations
	}
	if m.OwnerReferences != nil {
		out["ownerReferences"] = m.OwnerReferences
	}
	if m.ManagedFields != nil {
		mf := make([]any, len(m.ManagedFields))
		for i, f := range m.ManagedFields {
			mf[i] = f.asMap()
		}
		out["managedFields"] = mf
	}
	return out
}

// identity is head without the spec: the same memory layout with the spec
// field left out of decoding.
type identity struct {
	APIVersion string      `json:"apiVersion"`
	Kind       string      `json:"kind"`
	Metadata   *objectMeta `json:"metadata"`
	Spec       any         `json:"-"`
}

// decode reads a JSON object as far as the selected checks need it: whole
// when an object check judges its kind, its identity and spec otherwise.
func (e *Engine) decode(d Document) (map[string]any, error) {
	var h head
	var err error
	if e.pod != nil {
		err = json.Unmarshal(d.JSON, &h)
	} else {
		// No pod check: the spec is not needed.
		err = json.Unmarshal(d.JSON, (*identity)(&h))
	}
	if err != nil {
		return nil, err
	}
	// A list item read from an API server names neither: the Document
	// does, with the group it was listed in.
	if h.APIVersion == "" {
		h.APIVersion = d.APIVersion
	}
	if h.Kind == "" {
		h.Kind = d.Kind
	}
	gk := ObjectKind(h.APIVersion, h.Kind)
	// A workload that only inventory checks read (besides the pod checks)
	// is built from the head: they see its metadata and pod template
	// (keepForInventory), and a second, full decoding of every pod would
	// cost more than the rest of the scan.
	fromHead := IsWorkload(gk) && e.objects[gk] == nil && e.pod != nil
	if !fromHead && (e.objects[gk] != nil || e.inventoryKinds[gk]) {
		var obj map[string]any
		if err := json.Unmarshal(d.JSON, &obj); err != nil {
			return nil, err
		}
		if _, ok := obj["kind"]; !ok && h.Kind != "" {
			obj["kind"] = h.Kind
		}
		if _, ok := obj["apiVersion"]; !ok && h.APIVersion != "" {
			obj["apiVersion"] = h.APIVersion
		}
		return obj, nil
	}
	obj := map[string]any{"apiVersion": h.APIVersion, "kind": h.Kind}
	if h.Metadata != nil {
		obj["metadata"] = h.Metadata.asMap()
	}
	if IsWorkload(gk) && h.Spec != nil {
		obj["spec"] = h.Spec
	}
	return obj, nil
}

func refOrNil(o *object) *ObjectRef {
	if o == nil || o.ref.Kind == "" || o.ref.Name == "" {
		return nil
	}
	return &o.ref
}

// identify reads an object's identity. An object without kind or name cannot
// be reported and is refused.
func identify(obj map[string]any, origin Origin, keepLabels bool) (*object, error) {
	o := &object{origin: origin}
	o.ref.APIVersion, _ = obj["apiVersion"].(string)
	o.ref.Kind, _ = obj["kind"].(string)
	meta, _ := obj["metadata"].(map[string]any)
	o.ref.Name, _ = meta["name"].(string)
	if o.ref.Name == "" {
		o.ref.Name, _ = meta["generateName"].(string)
	}
	o.ref.Namespace, _ = meta["namespace"].(string)
	o.uid, _ = meta["uid"].(string)
	switch {
	case o.ref.Kind == "" && o.ref.Name == "":
		return o, fmt.Errorf("has no kind and no metadata.name")
	case o.ref.Kind == "":
		return o, fmt.Errorf("object %q has no kind", o.ref.Name)
	case o.ref.Name == "":
		return o, fmt.Errorf("%s has no metadata.name", o.ref.Kind)
	case o.ref.APIVersion == "":
		// Its kind is its group and name: without a group, it could be
		// any kind of that name, so it is not judged as one of them.
		return o, fmt.Errorf("has no apiVersion: its API group, and so its kind, is unknown")
	}
	// Keep copies: the decoder's strings may share memory with the whole
	// document, which would then stay alive as long as the object is kept.
	o.ref.APIVersion = strings.Clone(o.ref.APIVersion)
	o.ref.Kind = strings.Clone(o.ref.Kind)
	o.ref.Name = strings.Clone(o.ref.Name)
	o.ref.Namespace = strings.Clone(o.ref.Namespace)
	o.uid = strings.Clone(o.uid)
	o.gk = ObjectKind(o.ref.APIVersion, o.ref.Kind)
	o.tags = tagsOf(meta, keepLabels)
	refs, _ := meta["ownerReferences"].([]any)
	for _, r := range refs {
		rm, _ := r.(map[string]any)
		if c, _ := rm["controller"].(bool); !c {
			continue
		}
		or := &ownerRef{}
		apiVersion, _ := rm["apiVersion"].(string)
		kind, _ := rm["kind"].(string)
		name, _ := rm["name"].(string)
		uid, _ := rm["uid"].(string)
		or.Kind, or.Name, or.UID = strings.Clone(kind), strings.Clone(name), strings.Clone(uid)
		or.Workload = IsWorkload(ObjectKind(apiVersion, kind))
		o.owner = or
		break
	}
	return o, nil
}
