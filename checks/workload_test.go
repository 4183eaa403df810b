package checks

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"
)

// Tests of the pod template normalisation and hashing that let objects
// share one evaluation.

// A StatefulSet's pods carry the hostname and subdomain its controller
// gives each replica, and per-replica labels: they still share its template.
func TestStatefulSetPodsShareTheTemplate(t *testing.T) {
	cat := builtinCatalog(t)
	docs := []string{`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop, uid: sts-1}
spec:
  serviceName: db
  template:` + privilegedTemplate}
	for i := range 3 {
		n := fmt.Sprintf("db-%d", i)
		docs = append(docs, `apiVersion: v1
kind: Pod
metadata:
  name: `+n+`
  namespace: shop
  labels: {app: web, controller-revision-hash: db-5c8f, statefulset.kubernetes.io/pod-name: `+n+`, apps.kubernetes.io/pod-index: "`+fmt.Sprint(i)+`"}
  ownerReferences: [{apiVersion: apps/v1, kind: StatefulSet, name: db, uid: sts-1, controller: true}]
spec:
  hostname: `+n+`
  subdomain: db
  nodeName: node-1
  containers:
    - name: app
      image: web:1
      securityContext: {privileged: true}`)
	}
	assertOneTemplate(t, run(t, cat, []string{"KA-POD-003"}, strings.Join(docs, "\n---\n")), "StatefulSet", 3)
}

// The DaemonSet controller pins each daemon pod to its node with a node
// affinity and adds its standard tolerations: the pods on every node still
// share the DaemonSet's template, and what the template declared stays.
func TestDaemonSetPodsShareTheTemplate(t *testing.T) {
	cat := builtinCatalog(t)
	const template = `
    metadata:
      labels: {app: agent}
    spec:
      hostNetwork: true
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions: [{key: kubernetes.io/os, operator: In, values: [linux]}]
      tolerations: [{operator: Exists}]
      containers:
        - name: agent
          image: agent:1
          securityContext: {privileged: true}`
	docs := []string{`apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system, uid: ds-1}
spec:
  template:` + template}
	for i := range 3 {
		n := fmt.Sprintf("node-%d", i)
		docs = append(docs, `apiVersion: v1
kind: Pod
metadata:
  name: agent-`+n+`
  namespace: kube-system
  labels: {app: agent, controller-revision-hash: 6d4f, pod-template-generation: "1"}
  ownerReferences: [{apiVersion: apps/v1, kind: DaemonSet, name: agent, uid: ds-1, controller: true}]
spec:
  nodeName: `+n+`
  hostNetwork: true
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
          - matchExpressions: [{key: kubernetes.io/os, operator: In, values: [linux]}]
            matchFields: [{key: metadata.name, operator: In, values: [`+n+`]}]
  tolerations:
    - {operator: Exists}
    - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute}
    - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute}
    - {key: node.kubernetes.io/disk-pressure, operator: Exists, effect: NoSchedule}
    - {key: node.kubernetes.io/memory-pressure, operator: Exists, effect: NoSchedule}
    - {key: node.kubernetes.io/pid-pressure, operator: Exists, effect: NoSchedule}
    - {key: node.kubernetes.io/unschedulable, operator: Exists, effect: NoSchedule}
    - {key: node.kubernetes.io/network-unavailable, operator: Exists, effect: NoSchedule}
  containers:
    - name: agent
      image: agent:1
      securityContext: {privileged: true}`)
	}
	assertOneTemplate(t, run(t, cat, []string{"KA-POD-003"}, strings.Join(docs, "\n---\n")), "DaemonSet", 3)

	// Only the pin goes: a pod pinned by hand differs from a template
	// without the pin, and a term's other requirements stay.
	pin := map[string]any{"key": "metadata.name", "operator": "In", "values": []any{"node-1"}}
	spec := map[string]any{"affinity": map[string]any{"nodeAffinity": map[string]any{
		"requiredDuringSchedulingIgnoredDuringExecution": map[string]any{"nodeSelectorTerms": []any{
			map[string]any{"matchFields": []any{pin, pin}},
		}},
		"preferredDuringSchedulingIgnoredDuringExecution": []any{},
	}}}
	before := hashValue(spec)
	dropDaemonNodeAffinity(spec)
	if hashValue(spec) != before {
		t.Error("two matchFields requirements are not the controller's pin, yet were dropped")
	}
	spec = map[string]any{"affinity": map[string]any{"nodeAffinity": map[string]any{
		"requiredDuringSchedulingIgnoredDuringExecution": map[string]any{"nodeSelectorTerms": []any{map[string]any{"matchFields": []any{pin}}}},
	}}, "hostNetwork": true}
	dropDaemonNodeAffinity(spec)
	if !reflect.DeepEqual(spec, map[string]any{"hostNetwork": true}) {
		t.Errorf("an affinity that was only the pin should go whole, left %v", spec)
	}
}

// TestTemplatePathsMatchRego keeps the Go and Rego tables of where each
// workload kind keeps its pod template in step.
func TestTemplatePathsMatchRego(t *testing.T) {
	cat := builtinCatalog(t)
	rs, err := rego.New(rego.Query("x := data.kubeassay.lib.kubernetes.template_paths"), rego.Compiler(cat.compiler)).Eval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for kind, p := range rs[0].Bindings["x"].(map[string]any) {
		var path []string
		for _, e := range p.([]any) {
			path = append(path, e.(string))
		}
		got[kind] = path
	}
	if !reflect.DeepEqual(got, templatePaths) {
		t.Errorf("Rego template_paths %v\n != Go templatePaths %v", got, templatePaths)
	}
}

func TestNormalizeTemplateLeavesInputAlone(t *testing.T) {
	token := map[string]any{"name": "kube-api-access-abcde", "projected": map[string]any{"sources": []any{
		map[string]any{"serviceAccountToken": map[string]any{"path": "token"}},
	}}}
	own := map[string]any{"name": "data", "emptyDir": map[string]any{}}
	spec := map[string]any{
		"nodeName": "n1",
		"volumes":  []any{own, token},
		"containers": []any{map[string]any{"name": "a", "volumeMounts": []any{
			map[string]any{"name": "kube-api-access-abcde", "mountPath": tokenMountPath},
			map[string]any{"name": "data", "mountPath": "/data"},
		}}},
		"tolerations": []any{
			map[string]any{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300.0},
			map[string]any{"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"},
		},
		"affinity": map[string]any{"nodeAffinity": map[string]any{"requiredDuringSchedulingIgnoredDuringExecution": map[string]any{
			"nodeSelectorTerms": []any{map[string]any{"matchFields": []any{map[string]any{"key": "metadata.name", "operator": "In", "values": []any{"n1"}}}}},
		}}},
	}
	meta := map[string]any{"name": "p", "labels": map[string]any{"pod-template-hash": "x", "app": "a"}}
	before := hashValue(map[string]any{"m": meta, "s": spec})
	got := normalizeTemplate(meta, spec)
	if hashValue(map[string]any{"m": meta, "s": spec}) != before {
		t.Fatal("normalizeTemplate modified its input")
	}
	s := got["spec"].(map[string]any)
	if _, ok := s["nodeName"]; ok {
		t.Error("nodeName kept")
	}
	if _, ok := s["affinity"]; ok {
		t.Error("the DaemonSet controller's node pin kept")
	}
	if vols := s["volumes"].([]any); len(vols) != 1 || vols[0].(map[string]any)["name"] != "data" {
		t.Errorf("volumes = %v, want only the pod's own", vols)
	}
	mounts := s["containers"].([]any)[0].(map[string]any)["volumeMounts"].([]any)
	if len(mounts) != 1 || mounts[0].(map[string]any)["name"] != "data" {
		t.Errorf("mounts = %v, want only the pod's own", mounts)
	}
	if tols := s["tolerations"].([]any); len(tols) != 1 || tols[0].(map[string]any)["key"] != "dedicated" {
		t.Errorf("tolerations = %v, want only the pod's own", tols)
	}
	if l := got["metadata"].(map[string]any)["labels"].(map[string]any); len(l) != 1 || l["app"] != "a" {
		t.Errorf("labels = %v", l)
	}
	// A volume named like the token volume that is not a token projection
	// is the pod's own and stays.
	fake := map[string]any{"volumes": []any{map[string]any{"name": "kube-api-access-zzzzz", "emptyDir": map[string]any{}}}}
	if vols, _ := normalizeTemplate(nil, fake)["spec"].(map[string]any)["volumes"].([]any); len(vols) != 1 {
		t.Errorf("a look-alike volume was dropped")
	}
}

func TestHashValueIsCanonical(t *testing.T) {
	a := map[string]any{"x": 1.0, "y": []any{"a", true, nil}}
	b := map[string]any{"y": []any{"a", true, nil}, "x": 1.0}
	if hashValue(a) != hashValue(b) {
		t.Error("key order changed the hash")
	}
	for _, c := range []any{
		map[string]any{"x": "1", "y": []any{"a", true, nil}},
		map[string]any{"x": 1.0, "y": []any{"a", true}},
		map[string]any{"x": 1.0, "y": []any{"a", false, nil}},
		map[string]any{"xy": 1.0},
		// The same keys and values, paired differently.
		map[string]any{"x": []any{"a", true, nil}, "y": 1.0},
		map[string]any{"x": map[string]any{"x": 1.0}, "y": map[string]any{"y": []any{"a", true, nil}}},
	} {
		if hashValue(c) == hashValue(a) {
			t.Errorf("%v hashes like %v", c, a)
		}
	}
}

// assertOneTemplate checks that an owner and its pods were one evaluation,
// and that the one finding was reported through the owner with its pods.
func assertOneTemplate(t *testing.T, res *Result, ownerKind string, pods int) {
	t.Helper()
	if res.Templates != 1 {
		t.Errorf("templates evaluated = %d, want 1", res.Templates)
	}
	if len(res.Findings) != 1 || res.Findings[0].Object.Kind != ownerKind || res.Findings[0].AffectedPods != pods {
		t.Errorf("findings: %+v", res.Findings)
	}
}
