package checks

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

// Tests of how documents reach the engine: decoded, as JSON or YAML text,
// or refused with the reason.

func TestDocumentsWithoutKindOrNameAreReported(t *testing.T) {
	cat := builtinCatalog(t)
	res := run(t, cat, []string{"KA-POD-003"}, "metadata: {name: a}\n---\nkind: Pod\nmetadata: {}\nspec: {}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {}\n---\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: b}]}")
	var msgs []string
	for _, e := range res.InputErrors {
		msgs = append(msgs, e.String())
	}
	want := []string{
		`test.yaml: document 1: object "a" has no kind`,
		`test.yaml: document 2: Pod has no metadata.name`,
		`test.yaml: document 3 (Deployment/d): has no pod template (spec.template.spec is missing)`,
		// Without a group, the kind is unknown: not judged as a Pod,
		// and its controls cannot pass.
		`test.yaml: document 4 (Pod/p): has no apiVersion: its API group, and so its kind, is unknown`,
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("input errors:\n got %q\nwant %q", msgs, want)
	}
	if k := res.InputErrors[len(res.InputErrors)-1].Kind; k != "Pod" {
		t.Errorf("the document without apiVersion is an input error of kind %q, want Pod", k)
	}
}

// JSON documents are decoded by the workers in one pass; a spec of the wrong
// shape is an input error only where a pod template is expected.
func TestJSONDocumentsDecodeWhatChecksNeed(t *testing.T) {
	var docs []Document
	for i, d := range []string{
		`{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": "oops"}`,
		`{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": [1]}`,
		`{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "a"}, "status": {"phase": "Running"},
		  "spec": {"containers": [{"name": "app", "image": "x", "securityContext": {"privileged": true}}]}}`,
		`{"kind": `,
	} {
		docs = append(docs, Document{Origin: Origin{File: "in.json", Document: i + 1}, JSON: []byte(d)})
	}
	res, msgs := runDocuments(t, []string{"KA-POD-003"}, docs)
	if len(msgs) != 2 || msgs[0] != "in.json: document 1 (Deployment/d): has no pod template (spec.template.spec is missing)" ||
		!strings.HasPrefix(msgs[1], "in.json: document 4: not a JSON object: ") {
		t.Errorf("input errors: %q", msgs)
	}
	if res.Objects["Service"] != 1 || res.Objects["Pod"] != 1 {
		t.Errorf("objects read: %v", res.Objects)
	}
	if len(res.Findings) != 1 || res.Findings[0].Object.Name != "p" || res.Findings[0].Path != "spec.containers[0].securityContext.privileged" {
		t.Errorf("findings: %+v", res.Findings)
	}
}

// Items of a YAML List come as text and are parsed by the workers.
func TestYAMLDocumentsAreParsedByTheWorkers(t *testing.T) {
	var docs []Document
	for i, d := range []string{
		" apiVersion: v1\n kind: Pod\n metadata: {name: p}\n spec:\n   containers:\n   - {name: app, image: x, securityContext: {privileged: true}}\n",
		" kind: Pod\n metadata: {name: [unclosed\n",
		" just a string\n",
	} {
		idx := i
		docs = append(docs, Document{Origin: Origin{File: "list.yaml", Document: 1, Item: &idx}, YAML: []byte(d)})
	}
	res, msgs := runDocuments(t, []string{"KA-POD-003"}, docs)
	if len(msgs) != 2 || !strings.HasPrefix(msgs[0], "list.yaml: document 1: items[1]: invalid YAML: ") ||
		msgs[1] != "list.yaml: document 1: items[2]: not a Kubernetes object: a string" {
		t.Errorf("input errors: %q", msgs)
	}
	if len(res.Findings) != 1 || res.Findings[0].Object.Name != "p" {
		t.Errorf("findings: %+v", res.Findings)
	}
}

// runDocuments runs the engine on docs with the given checks and returns
// the result with its input errors as strings.
func runDocuments(t *testing.T, ids []string, docs []Document) (*Result, []string) {
	t.Helper()
	eng, err := NewEngine(context.Background(), builtinCatalog(t), ids, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan Document, len(docs))
	for _, d := range docs {
		ch <- d
	}
	close(ch)
	res, err := eng.Run(context.Background(), ch, nil)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, e := range res.InputErrors {
		msgs = append(msgs, e.String())
	}
	return res, msgs
}

// A pod spec whose container lists cannot be read would give the pod checks
// no container to judge: every container check would pass it. It is an
// input error instead, naming the field.
func TestContainerListsMustBeReadable(t *testing.T) {
	cat := builtinCatalog(t)
	docs := strings.Join([]string{
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: typo}\nspec:\n  template:\n    spec:\n      container: [{name: a, image: b, securityContext: {privileged: true}}]",
		"apiVersion: v1\nkind: Pod\nmetadata: {name: text}\nspec: {containers: x}",
		"apiVersion: v1\nkind: Pod\nmetadata: {name: none}\nspec: {containers: []}",
		"apiVersion: v1\nkind: Pod\nmetadata: {name: init}\nspec: {containers: [{name: a, image: b}], initContainers: {name: i}}",
		"apiVersion: v1\nkind: Pod\nmetadata: {name: hole}\nspec: {containers: [{name: a, image: b}, null]}",
		"apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\nspec: {jobTemplate: {spec: {template: {spec: {ephemeralContainers: 3, containers: [{name: a, image: b}]}}}}}",
		"apiVersion: v1\nkind: Pod\nmetadata: {name: env}\nspec: {containers: [{name: a, image: b, env: {DB_PASSWORD: x}}]}",
		"apiVersion: v1\nkind: Pod\nmetadata: {name: caps}\nspec: {containers: [{name: a, image: b}, {name: c, image: d, securityContext: {capabilities: {drop: [ALL], add: NET_RAW}}}]}",
		"apiVersion: v1\nkind: Pod\nmetadata: {name: sc}\nspec: {containers: [{name: a, image: b, securityContext: privileged}]}",
		"apiVersion: v1\nkind: Pod\nmetadata: {name: good}\nspec: {containers: [{name: a, image: b, env: null, securityContext: {privileged: true, capabilities: {drop: [ALL]}}}], initContainers: null}",
	}, "\n---\n")
	res := run(t, cat, []string{"KA-POD-003"}, docs)
	var msgs []string
	for _, e := range res.InputErrors {
		msgs = append(msgs, e.String())
	}
	want := []string{
		"test.yaml: document 1 (Deployment/typo): spec.template.spec.containers is missing",
		"test.yaml: document 2 (Pod/text): spec.containers is not a list",
		"test.yaml: document 3 (Pod/none): spec.containers is empty",
		"test.yaml: document 4 (Pod/init): spec.initContainers is not a list",
		"test.yaml: document 5 (Pod/hole): spec.containers[1] is not an object",
		"test.yaml: document 6 (CronJob/cj): spec.jobTemplate.spec.template.spec.ephemeralContainers is not a list",
		"test.yaml: document 7 (Pod/env): spec.containers[0].env is not a list",
		"test.yaml: document 8 (Pod/caps): spec.containers[1].securityContext.capabilities.add is not a list",
		"test.yaml: document 9 (Pod/sc): spec.containers[0].securityContext is not an object",
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("input errors:\n got %q\nwant %q", msgs, want)
	}
	if len(res.Findings) != 1 || res.Findings[0].Object.Name != "good" {
		t.Errorf("findings: %+v", res.Findings)
	}
}

// A reference names its kind so that objects of two groups sharing a kind
// name cannot be mistaken for one another; Kubernetes' own groups stay
// short, as kubectl prints them.
func TestObjectRefStringQualifiesForeignGroups(t *testing.T) {
	for _, c := range []struct {
		ref  ObjectRef
		want string
	}{
		{ObjectRef{APIVersion: "v1", Kind: "Pod", Namespace: "a", Name: "p"}, "Pod/a/p"},
		{ObjectRef{APIVersion: "networking.k8s.io/v1", Kind: "NetworkPolicy", Namespace: "a", Name: "n"}, "NetworkPolicy/a/n"},
		{ObjectRef{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "a", Name: "d"}, "Deployment/a/d"},
		{ObjectRef{APIVersion: "policy.networking.k8s.io/v1alpha1", Kind: "AdminNetworkPolicy", Name: "x"}, "AdminNetworkPolicy/x"},
		{ObjectRef{APIVersion: "crd.projectcalico.org/v1", Kind: "NetworkPolicy", Namespace: "a", Name: "n"}, "NetworkPolicy.crd.projectcalico.org/a/n"},
		{ObjectRef{APIVersion: "projectcalico.org/v3", Kind: "NetworkPolicy", Namespace: "a", Name: "n"}, "NetworkPolicy.projectcalico.org/a/n"},
		{ObjectRef{APIVersion: "cilium.io/v2", Kind: "CiliumClusterwideNetworkPolicy", Name: "c"}, "CiliumClusterwideNetworkPolicy.cilium.io/c"},
	} {
		if got := c.ref.String(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.ref, got, c.want)
		}
	}
}
