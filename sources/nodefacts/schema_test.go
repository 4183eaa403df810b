package nodefacts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// validator checks a document against the subset of JSON Schema that
// docs/node-facts.schema.json uses: type, const, enum, required,
// properties, additionalProperties, propertyNames, items, pattern,
// minimum, maximum and local $ref.
type validator struct {
	root map[string]any
	errs []string
}

func (v *validator) fail(at, format string, args ...any) {
	v.errs = append(v.errs, at+": "+fmt.Sprintf(format, args...))
}

func jsonType(x any) string {
	switch t := x.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if strings.ContainsAny(t.String(), ".eE") {
			return "number"
		}
		return "integer"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", x)
}

func (v *validator) check(schema map[string]any, x any, at string) {
	if ref, ok := schema["$ref"].(string); ok {
		def := v.root
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			def, _ = def[part].(map[string]any)
		}
		if def == nil {
			v.fail(at, "unresolved $ref %s", ref)
			return
		}
		v.check(def, x, at)
	}
	if want, ok := schema["type"].(string); ok {
		got := jsonType(x)
		if got != want && !(want == "number" && got == "integer") {
			v.fail(at, "type %s, want %s", got, want)
			return
		}
	}
	if c, ok := schema["const"]; ok && !reflect.DeepEqual(c, x) {
		v.fail(at, "%v is not the constant %v", x, c)
	}
	if enum, ok := schema["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			found = found || reflect.DeepEqual(e, x)
		}
		if !found {
			v.fail(at, "%v not in %v", x, enum)
		}
	}
	if p, ok := schema["pattern"].(string); ok {
		if s, isStr := x.(string); isStr && !regexp.MustCompile(p).MatchString(s) {
			v.fail(at, "%q does not match %s", s, p)
		}
	}
	if n, ok := x.(json.Number); ok {
		f, _ := n.Float64()
		if m, ok := schema["minimum"].(json.Number); ok {
			if min, _ := m.Float64(); f < min {
				v.fail(at, "%v below minimum %v", f, min)
			}
		}
		if m, ok := schema["maximum"].(json.Number); ok {
			if max, _ := m.Float64(); f > max {
				v.fail(at, "%v above maximum %v", f, max)
			}
		}
	}
	if obj, ok := x.(map[string]any); ok {
		v.checkObject(schema, obj, at)
	}
	if arr, ok := x.([]any); ok {
		if items, ok := schema["items"].(map[string]any); ok {
			for i, item := range arr {
				v.check(items, item, fmt.Sprintf("%s[%d]", at, i))
			}
		}
	}
}

func (v *validator) checkObject(schema, obj map[string]any, at string) {
	if req, ok := schema["required"].([]any); ok {
		for _, r := range req {
			if _, present := obj[r.(string)]; !present {
				v.fail(at, "missing required %s", r)
			}
		}
	}
	props, _ := schema["properties"].(map[string]any)
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if names, ok := schema["propertyNames"].(map[string]any); ok {
			v.check(names, k, at+"."+k+"(name)")
		}
		if ps, ok := props[k].(map[string]any); ok {
			v.check(ps, obj[k], at+"."+k)
			continue
		}
		switch ap := schema["additionalProperties"].(type) {
		case bool:
			if !ap {
				v.fail(at, "unexpected property %s", k)
			}
		case map[string]any:
			v.check(ap, obj[k], at+"."+k)
		}
	}
}

func loadSchema(t testing.TB) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "node-facts.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var schema map[string]any
	if err := dec.Decode(&schema); err != nil {
		t.Fatalf("schema: %v", err)
	}
	return schema
}

// schemaErrors validates a rendered document.
func schemaErrors(t testing.TB, doc []byte) []string {
	t.Helper()
	schema := loadSchema(t)
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		t.Fatal(err)
	}
	v := &validator{root: schema}
	v.check(schema, x, "$")
	return v.errs
}

func validateSchema(t testing.TB, doc []byte) {
	t.Helper()
	for _, e := range schemaErrors(t, doc) {
		t.Errorf("schema: %s", e)
	}
}

func TestSchemaFixtures(t *testing.T) {
	for _, p := range []string{"kubeadm", "k3s", "rke2", "eks", "gke", "aks"} {
		t.Run(p, func(t *testing.T) {
			f := collectFixture(t, p)
			doc, err := f.JSON()
			if err != nil {
				t.Fatal(err)
			}
			validateSchema(t, doc)
		})
	}
}

func TestSchemaRejectsBadDocuments(t *testing.T) {
	f := collectFixture(t, "kubeadm")
	doc, _ := f.JSON()
	for _, bad := range []struct{ from, to string }{
		{`"kind": "NodeFacts"`, `"kind": "Other"`},
		{`"mode": "0600"`, `"mode": "600"`},
		{`"running": true`, `"running": "yes"`},
		{`"source": "default"`, `"source": "somewhere"`},
	} {
		mutated := strings.Replace(string(doc), bad.from, bad.to, 1)
		if mutated == string(doc) {
			t.Fatalf("mutation %q not applied", bad.from)
		}
		if len(schemaErrors(t, []byte(mutated))) == 0 {
			t.Errorf("schema accepted %s", bad.to)
		}
	}
}

// TestSchemaUnknownAndRedacted: the schema describes the fields that say
// what could not be read (component and config unreadable, setting source
// "unknown" with its error, file incomplete) and the env: flag source, and
// rejects malformed ones.
func TestSchemaUnknownAndRedacted(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"proc/30/cmdline":             cmdline("etcd", "--data-dir=/var/lib/etcd"),
		"proc/30/environ":             "ETCD_AUTO_TLS=true\x00",
		"proc/40/cmdline":             cmdline("kubelet", "--config=/var/lib/kubelet/config.yaml"),
		"var/lib/kubelet/config.yaml": "kind: [\n",
	})
	defer func(n int) { maxDirEntries = n }(maxDirEntries)
	maxDirEntries = 1
	writeTree(t, root, map[string]string{"etc/kubernetes/pki/a.crt": "", "etc/kubernetes/pki/b.crt": ""})
	doc, err := collectRoot(t, root, "kubeadm").JSON()
	if err != nil {
		t.Fatal(err)
	}
	validateSchema(t, doc)
	for _, want := range []string{`"source": "unknown"`, `"unreadable": [`, `"incomplete": "stopped after 1 entries"`,
		`"auto-tls": "env:/proc/30/environ"`, `"error": "/var/lib/kubelet/config.yaml: `} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("document lacks %s", want)
		}
	}
	for _, bad := range []struct{ from, to string }{
		{`"source": "unknown"`, `"source": "unknowable"`},
		{`"incomplete": "stopped after 1 entries"`, `"incomplete": 1`},
		{`"auto-tls": "env:/proc/30/environ"`, `"auto-tls": "environment"`},
		{`"error": "/var/lib/kubelet/config.yaml: `, `"error": 7, "x": "`},
		{`"unreadable": [`, `"unreadable": [7, `},
	} {
		mutated := strings.Replace(string(doc), bad.from, bad.to, 1)
		if mutated == string(doc) {
			t.Fatalf("mutation %q not applied", bad.from)
		}
		if len(schemaErrors(t, []byte(mutated))) == 0 {
			t.Errorf("schema accepted %s", bad.to)
		}
	}
}

func TestLoadRoundTrip(t *testing.T) {
	f := collectFixture(t, "rke2")
	doc, _ := f.JSON()
	path := filepath.Join(t.TempDir(), "facts.json")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	back, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := back.JSON()
	if !bytes.Equal(doc, again) {
		t.Errorf("Load(JSON()) does not reproduce the document")
	}
	if back.Components[Etcd].FlagSources["client-cert-auth"] == "" {
		t.Errorf("loaded document lost flag sources")
	}
	// A second collection of the same root renders identical JSON.
	if doc2, _ := collectFixture(t, "rke2").JSON(); !bytes.Equal(sansRoot(doc), sansRoot(doc2)) {
		t.Errorf("collection is not deterministic")
	}
	if err := os.WriteFile(path, []byte(`{"apiVersion": "v1", "kind": "Pod"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err == nil {
		t.Errorf("Load accepted a Pod")
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Errorf("Load accepted a missing file")
	}
}

// sansRoot drops the metadata.root line, which differs per temporary copy.
func sansRoot(doc []byte) []byte {
	return regexp.MustCompile(`"root": "[^"]*"`).ReplaceAll(doc, nil)
}
