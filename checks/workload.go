package checks

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"math"
	"regexp"
	"slices"
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

// workloads are the kinds in templatePaths, each in its group (every
// workload kind is a well-known kind).
var workloads = func() map[GroupKind]bool {
	m := make(map[GroupKind]bool, len(templatePaths))
	for name := range templatePaths {
		m[kindsByName[name].GroupKind] = true
	}
	return m
}()

// WorkloadKinds lists the kinds that carry a pod template, sorted.
func WorkloadKinds() []GroupKind {
	kinds := make([]GroupKind, 0, len(workloads))
	for k := range workloads {
		kinds = append(kinds, k)
	}
	sortKinds(kinds)
	return kinds
}

// IsWorkload reports whether objects of gk (as ObjectKind gives it) carry a
// pod template: a custom resource named Deployment does not.
func IsWorkload(gk GroupKind) bool { return workloads[gk] }

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

// Spec fields that the scheduler, a controller or admission sets on a pod
// and that its template does not carry: the node, the hostname and
// subdomain a StatefulSet gives each replica, the deprecated alias of
// serviceAccountName and the priority resolved from priorityClassName (which
// stays). No pod check may read them.
var admissionSpecFields = []string{"nodeName", "hostname", "subdomain", "serviceAccount", "priority", "preemptionPolicy"}

// The service account token volume the API server adds to every pod has a
// random suffix: kube-api-access-x7k2p.
var tokenVolumeName = regexp.MustCompile(`^kube-api-access-[a-z0-9]{5}$`)

const tokenMountPath = "/var/run/secrets/kubernetes.io/serviceaccount"

// normalizeTemplate returns the pod a pod check sees for a template: the
// template's metadata stripped to labels and annotations (less the ones that
// differ per replica), and its spec less what the API server adds when it
// creates a pod from the template (see admissionSpecFields, the service
// account token volume and its mounts, the default tolerations, and the
// node affinity and tolerations of daemon pods). A Deployment, its
// ReplicaSets and their pods, or a DaemonSet and its pods on every node,
// then share one pod, evaluated once. The inputs are not modified.
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
		if !slices.Contains(admissionSpecFields, k) {
			s[k] = v
		}
	}
	// Admission names the default service account on every pod whose
	// template names none; both mean the same.
	if s["serviceAccountName"] == "default" {
		delete(s, "serviceAccountName")
	}
	dropTokenVolume(s)
	dropDefaultTolerations(s)
	dropDaemonNodeAffinity(s)
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

// isTokenVolume reports whether v is the projected service account token
// volume the API server injects.
func isTokenVolume(v any) (string, bool) {
	vm, _ := v.(map[string]any)
	name, _ := vm["name"].(string)
	if !tokenVolumeName.MatchString(name) {
		return "", false
	}
	proj, _ := vm["projected"].(map[string]any)
	sources, _ := proj["sources"].([]any)
	for _, src := range sources {
		if sm, _ := src.(map[string]any); sm["serviceAccountToken"] != nil {
			return name, true
		}
	}
	return "", false
}

// dropTokenVolume removes the injected token volume and the mounts of it, in
// spec (a copy whose nested values are shared with the original: what
// changes is copied first).
func dropTokenVolume(spec map[string]any) {
	vols, _ := spec["volumes"].([]any)
	var token string
	for i, v := range vols {
		if name, ok := isTokenVolume(v); ok {
			token = name
			rest := slices.Delete(slices.Clone(vols), i, i+1)
			if len(rest) == 0 {
				delete(spec, "volumes")
			} else {
				spec["volumes"] = rest
			}
			break
		}
	}
	if token == "" {
		return
	}
	for _, field := range []string{"initContainers", "containers", "ephemeralContainers"} {
		ctrs, _ := spec[field].([]any)
		var out []any
		for i, c := range ctrs {
			cm, _ := c.(map[string]any)
			mounts, _ := cm["volumeMounts"].([]any)
			keep := slices.DeleteFunc(slices.Clone(mounts), func(m any) bool {
				mm, _ := m.(map[string]any)
				return mm["name"] == token && mm["mountPath"] == tokenMountPath
			})
			if len(keep) == len(mounts) {
				continue
			}
			if out == nil {
				out = slices.Clone(ctrs)
			}
			nc := cloneMap(cm)
			if len(keep) == 0 {
				delete(nc, "volumeMounts")
			} else {
				nc["volumeMounts"] = keep
			}
			out[i] = nc
		}
		if out != nil {
			spec[field] = out
		}
	}
}

// dropDefaultTolerations removes the tolerations that admission or the
// DaemonSet controller add to pods and templates do not carry: the
// DefaultTolerationSeconds plugin's not-ready/unreachable pair (300 s), and
// the ones the DaemonSet controller gives every daemon pod (no seconds:
// NoExecute for not-ready and unreachable, NoSchedule for disk, memory and
// PID pressure, unschedulable and, with hostNetwork, network-unavailable).
func dropDefaultTolerations(spec map[string]any) {
	tols, _ := spec["tolerations"].([]any)
	if len(tols) == 0 {
		return
	}
	keep := slices.DeleteFunc(slices.Clone(tols), func(t any) bool {
		tm, _ := t.(map[string]any)
		key, _ := tm["key"].(string)
		effect, _ := tm["effect"].(string)
		if tm["operator"] != "Exists" {
			return false
		}
		switch len(tm) {
		case 4:
			return (key == "node.kubernetes.io/not-ready" || key == "node.kubernetes.io/unreachable") &&
				effect == "NoExecute" && isNumber(tm["tolerationSeconds"], 300)
		case 3:
			return daemonTolerations[key] == effect
		}
		return false
	})
	switch {
	case len(keep) == len(tols):
	case len(keep) == 0:
		delete(spec, "tolerations")
	default:
		spec["tolerations"] = keep
	}
}

// daemonTolerations are the tolerations the DaemonSet controller adds, key
// to effect.
var daemonTolerations = map[string]string{
	"node.kubernetes.io/not-ready":           "NoExecute",
	"node.kubernetes.io/unreachable":         "NoExecute",
	"node.kubernetes.io/disk-pressure":       "NoSchedule",
	"node.kubernetes.io/memory-pressure":     "NoSchedule",
	"node.kubernetes.io/pid-pressure":        "NoSchedule",
	"node.kubernetes.io/unschedulable":       "NoSchedule",
	"node.kubernetes.io/network-unavailable": "NoSchedule",
}

// dropDaemonNodeAffinity removes the node affinity the DaemonSet controller
// pins each daemon pod to its node with: a matchFields requirement
// metadata.name In [node] in every required node selector term. What the
// template declared (its matchExpressions, other affinities) stays; the
// parents left empty go. spec is a shallow copy: what changes is copied.
func dropDaemonNodeAffinity(spec map[string]any) {
	aff, _ := spec["affinity"].(map[string]any)
	na, _ := aff["nodeAffinity"].(map[string]any)
	req, _ := na["requiredDuringSchedulingIgnoredDuringExecution"].(map[string]any)
	terms, _ := req["nodeSelectorTerms"].([]any)
	if len(terms) == 0 {
		return
	}
	var out []any
	changed := false
	for _, t := range terms {
		tm, _ := t.(map[string]any)
		if !isNodeNamePin(tm["matchFields"]) {
			out = append(out, t)
			continue
		}
		changed = true
		rest := cloneMap(tm)
		delete(rest, "matchFields")
		if len(rest) > 0 {
			out = append(out, rest)
		}
	}
	if !changed {
		return
	}
	req = cloneMap(req)
	if len(out) == 0 {
		delete(req, "nodeSelectorTerms")
	} else {
		req["nodeSelectorTerms"] = out
	}
	na = cloneMap(na)
	if len(req) == 0 {
		delete(na, "requiredDuringSchedulingIgnoredDuringExecution")
	} else {
		na["requiredDuringSchedulingIgnoredDuringExecution"] = req
	}
	aff = cloneMap(aff)
	if len(na) == 0 {
		delete(aff, "nodeAffinity")
	} else {
		aff["nodeAffinity"] = na
	}
	if len(aff) == 0 {
		delete(spec, "affinity")
	} else {
		spec["affinity"] = aff
	}
}

// isNodeNamePin reports whether v is [{key: metadata.name, operator: In,
// values: [one node]}].
func isNodeNamePin(v any) bool {
	fields, _ := v.([]any)
	if len(fields) != 1 {
		return false
	}
	f, _ := fields[0].(map[string]any)
	values, _ := f["values"].([]any)
	return len(f) == 3 && f["key"] == "metadata.name" && f["operator"] == "In" && len(values) == 1
}

// isNumber reports whether v is the number n, however it was decoded
// (float64 from JSON and YAML, int64 from client-go).
func isNumber(v any, n int64) bool {
	switch x := v.(type) {
	case float64:
		return x == float64(n)
	case int64:
		return x == n
	case int:
		return int64(x) == n
	}
	return false
}

func cloneMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// hashSeed keys the template hashes of this process. The hashes decide which
// objects share a verdict, so they are seeded with a secret: a manifest
// cannot be crafted to collide with another and borrow its PASS.
var hashSeed = func() uint64 {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return binary.LittleEndian.Uint64(b[:])
}()

// hashValue hashes a decoded JSON value canonically: each value tagged with
// its type, and maps hashed as the sum of their members' own hashes, so
// equal documents hash equal whatever the order of their keys, without
// sorting keys.
func hashValue(v any) uint64 {
	var h xxhash.Digest
	h.ResetWithSeed(hashSeed)
	writeHash(&h, v)
	return h.Sum64()
}

func writeHash(h *xxhash.Digest, v any) {
	var buf [9]byte
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
		writeHashString(h, x)
	case []any:
		buf[0] = 'a'
		binary.LittleEndian.PutUint64(buf[1:], uint64(len(x)))
		h.Write(buf[:])
		for _, e := range x {
			writeHash(h, e)
		}
	case map[string]any:
		// One digest for every member, reset for each: a digest per
		// member would be allocated on the heap, once per key of every
		// object hashed.
		var sum uint64
		m := new(xxhash.Digest)
		for k, val := range x {
			m.ResetWithSeed(hashSeed)
			writeHashString(m, k)
			writeHash(m, val)
			sum += m.Sum64()
		}
		buf[0] = 'o'
		binary.LittleEndian.PutUint64(buf[1:], uint64(len(x)))
		h.Write(buf[:])
		binary.LittleEndian.PutUint64(buf[1:], sum)
		h.Write(buf[1:])
	default:
		// json.Number and other scalars: hash their text.
		buf[0] = '?'
		h.Write(buf[:1])
		h.WriteString(strings.TrimSpace(toString(x)))
	}
}

// writeHashString is writeHash of a string, without making it an any.
func writeHashString(h *xxhash.Digest, s string) {
	var buf [9]byte
	buf[0] = 's'
	binary.LittleEndian.PutUint64(buf[1:], uint64(len(s)))
	h.Write(buf[:])
	h.WriteString(s)
}

// containerLists says what is wrong with a pod spec's container lists, or
// "": containers must be a list of at least one object, and initContainers
// and ephemeralContainers, when present, lists of objects; in each
// container, the lists the checks read must be lists (containerFields). The API server
// refuses anything else; a check reading such a spec would find no container
// to judge and pass it, so the object is an input error instead.
func containerLists(spec map[string]any) string {
	for _, field := range []string{"containers", "initContainers", "ephemeralContainers"} {
		v, present := spec[field]
		if !present || v == nil {
			if field == "containers" {
				return "containers is missing"
			}
			continue
		}
		list, ok := v.([]any)
		if !ok {
			return field + " is not a list"
		}
		if field == "containers" && len(list) == 0 {
			return "containers is empty"
		}
		for i, c := range list {
			ctr, ok := c.(map[string]any)
			if !ok {
				return fmt.Sprintf("%s[%d] is not an object", field, i)
			}
			if msg := containerFields(ctr); msg != "" {
				return fmt.Sprintf("%s[%d].%s", field, i, msg)
			}
		}
	}
	return ""
}

// containerFields says which list of a container the checks read is not a
// list (env, envFrom, the capabilities to add and drop), or "".
func containerFields(ctr map[string]any) string {
	notList := func(v any, present bool) bool {
		_, ok := v.([]any)
		return present && v != nil && !ok
	}
	for _, f := range []string{"env", "envFrom"} {
		if v, present := ctr[f]; notList(v, present) {
			return f + " is not a list"
		}
	}
	sc, present := ctr["securityContext"]
	if !present || sc == nil {
		return ""
	}
	scm, ok := sc.(map[string]any)
	if !ok {
		return "securityContext is not an object"
	}
	caps, present := scm["capabilities"]
	if !present || caps == nil {
		return ""
	}
	cm, ok := caps.(map[string]any)
	if !ok {
		return "securityContext.capabilities is not an object"
	}
	for _, f := range []string{"add", "drop"} {
		if v, present := cm[f]; notList(v, present) {
			return "securityContext.capabilities." + f + " is not a list"
		}
	}
	return ""
}
