package checks

import (
	"encoding/binary"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/cespare/xxhash/v2"
)

// templatePaths says where each workload kind keeps its pod template. The
// Rego helper library (policies/lib/kubernetes.rego) holds the same table;
// TestTemplatePathsMatchRego keeps them in step.
var templatePaths = map[string][]string{
	"Pod":                   nil,
	"Deployment":            {"spec", "template"},
	"ReplicaSet":            {"spec", "template"},
	"StatefulSet":           {"spec", "template"},
	"DaemonSet":             {"spec", "template"},
	"Job":                   {"spec", "template"},
	"ReplicationController": {"spec", "template"},
	"CronJob":               {"spec", "jobTemplate", "spec", "template"},
}

// WorkloadKinds lists the kinds that carry a pod template, sorted.
func WorkloadKinds() []string {
	kinds := make([]string, 0, len(templatePaths))
	for k := range templatePaths {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}

// IsWorkload reports whether kind carries a pod template.
func IsWorkload(kind string) bool {
	_, ok := templatePaths[kind]
	return ok
}

// templatePrefix is the dotted path, with a trailing dot, of kind's pod
// template ("spec.template."), or "" for a Pod.
func templatePrefix(kind string) string {
	p := templatePaths[kind]
	if len(p) == 0 {
		return ""
	}
	return strings.Join(p, ".") + "."
}

// podTemplate returns the metadata and spec of obj's pod template.
func podTemplate(obj map[string]any) (meta, spec map[string]any, ok bool) {
	kind, _ := obj["kind"].(string)
	p, ok := templatePaths[kind]
	if !ok {
		return nil, nil, false
	}
	cur := obj
	for _, k := range p {
		next, _ := cur[k].(map[string]any)
		if next == nil {
			return nil, nil, false
		}
		cur = next
	}
	meta, _ = cur["metadata"].(map[string]any)
	spec, _ = cur["spec"].(map[string]any)
	if spec == nil {
		return nil, nil, false
	}
	return meta, spec, true
}

// Labels and annotations that differ between objects sharing one template
// (replicas, revisions) and that no pod check may depend on.
var perReplicaLabels = []string{
	"pod-template-hash",
	"controller-revision-hash",
	"pod-template-generation",
	"statefulset.kubernetes.io/pod-name",
	"apps.kubernetes.io/pod-index",
	"batch.kubernetes.io/controller-uid",
	"batch.kubernetes.io/job-name",
	"controller-uid",
	"job-name",
	"batch.kubernetes.io/job-completion-index",
}

var perObjectAnnotations = []string{
	"kubectl.kubernetes.io/last-applied-configuration",
	"batch.kubernetes.io/job-completion-index",
	"kubernetes.io/psp",
}

// Spec fields the scheduler or a controller sets per replica.
var perReplicaSpecFields = []string{"nodeName", "hostname"}

// The service account token volume the API server adds to every pod has a
// random suffix: kube-api-access-x7k2p.
var tokenVolumeName = regexp.MustCompile(`^kube-api-access-[a-z0-9]{5}$`)

const tokenVolumeBase = "kube-api-access"

// normalizeTemplate returns the pod a pod check sees for a template: the
// template's metadata stripped to labels and annotations (less the ones that
// differ per replica) and its spec less per-replica fields, with the token
// volume's random suffix removed. The inputs are not modified.
func normalizeTemplate(meta, spec map[string]any) map[string]any {
	m := map[string]any{}
	if labels := withoutKeys(meta["labels"], perReplicaLabels); labels != nil {
		m["labels"] = labels
	}
	if ann := withoutKeys(meta["annotations"], perObjectAnnotations); ann != nil {
		m["annotations"] = ann
	}
	s := make(map[string]any, len(spec))
	for k, v := range spec {
		if !slices.Contains(perReplicaSpecFields, k) {
			s[k] = v
		}
	}
	renameTokenVolume(s)
	return map[string]any{"apiVersion": "v1", "kind": "Pod", "metadata": m, "spec": s}
}

func withoutKeys(v any, drop []string) map[string]any {
	in, _ := v.(map[string]any)
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]any, len(in))
	for k, val := range in {
		if !slices.Contains(drop, k) {
			out[k] = val
		}
	}
	return out
}

// renameTokenVolume rewrites the generated token volume's name, and the mounts
// that refer to it, in spec (a copy whose nested values may be shared with the
// original: everything changed is copied first).
func renameTokenVolume(spec map[string]any) {
	vols, _ := spec["volumes"].([]any)
	var from string
	for i, v := range vols {
		vm, _ := v.(map[string]any)
		name, _ := vm["name"].(string)
		if !tokenVolumeName.MatchString(name) {
			continue
		}
		from = name
		vols = slices.Clone(vols)
		nv := cloneMap(vm)
		nv["name"] = tokenVolumeBase
		vols[i] = nv
		spec["volumes"] = vols
		break
	}
	if from == "" {
		return
	}
	for _, field := range []string{"initContainers", "containers", "ephemeralContainers"} {
		ctrs, _ := spec[field].([]any)
		changed := false
		for i, c := range ctrs {
			cm, _ := c.(map[string]any)
			mounts, _ := cm["volumeMounts"].([]any)
			for j, mnt := range mounts {
				mm, _ := mnt.(map[string]any)
				if mm["name"] != from {
					continue
				}
				if !changed {
					ctrs = slices.Clone(ctrs)
					changed = true
				}
				cm = cloneMap(cm)
				mounts = slices.Clone(mounts)
				nm := cloneMap(mm)
				nm["name"] = tokenVolumeBase
				mounts[j] = nm
				cm["volumeMounts"] = mounts
				ctrs[i] = cm
			}
		}
		if changed {
			spec[field] = ctrs
		}
	}
}

func cloneMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// hashValue hashes a decoded JSON value canonically: maps in key order, each
// value tagged with its type, so equal documents hash equal whatever the
// order of their keys.
func hashValue(v any) uint64 {
	h := xxhash.New()
	var buf [9]byte
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case nil:
			h.Write([]byte{'n'})
		case bool:
			if x {
				h.Write([]byte{'t'})
			} else {
				h.Write([]byte{'f'})
			}
		case float64:
			buf[0] = 'd'
			binary.LittleEndian.PutUint64(buf[1:], math.Float64bits(x))
			h.Write(buf[:])
		case string:
			buf[0] = 's'
			binary.LittleEndian.PutUint64(buf[1:], uint64(len(x)))
			h.Write(buf[:])
			h.WriteString(x)
		case []any:
			buf[0] = 'a'
			binary.LittleEndian.PutUint64(buf[1:], uint64(len(x)))
			h.Write(buf[:])
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			buf[0] = 'o'
			binary.LittleEndian.PutUint64(buf[1:], uint64(len(x)))
			h.Write(buf[:])
			for _, k := range keys {
				walk(k)
				walk(x[k])
			}
		default:
			// json.Number and other scalars: hash their text.
			buf[0] = '?'
			h.Write(buf[:1])
			h.WriteString(strings.TrimSpace(toString(x)))
		}
	}
	walk(v)
	return h.Sum64()
}
