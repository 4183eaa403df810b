package manifests

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/kubeassay/kubeassay/checks"
)

// collect reads files and describes each document as "origin kind/name" or
// "origin ERROR message".
func collect(t *testing.T, r *Reader, files ...string) []string {
	t.Helper()
	out := make(chan checks.Document, 100)
	if err := r.Read(context.Background(), files, out); err != nil {
		t.Fatal(err)
	}
	close(out)
	var got []string
	for d := range out {
		if d.Err != nil {
			got = append(got, d.Origin.String()+" ERROR "+d.Err.Error())
			continue
		}
		obj := d.Object
		switch {
		case d.YAML != nil:
			// Items of a YAML List, parsed by the engine's workers.
			if err := yaml.Unmarshal(d.YAML, &obj); err != nil {
				got = append(got, d.Origin.String()+" ERROR invalid YAML: "+err.Error())
				continue
			}
		case obj == nil:
			if err := json.Unmarshal(d.JSON, &obj); err != nil {
				t.Fatalf("%s: %v", d.Origin, err)
			}
		}
		meta, _ := obj["metadata"].(map[string]any)
		got = append(got, d.Origin.String()+" "+obj["kind"].(string)+"/"+meta["name"].(string))
	}
	return got
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMultiDocumentYAMLWithABrokenDocument(t *testing.T) {
	dir := t.TempDir()
	f := write(t, dir, "app.yaml", `# leading comment
---
kind: Pod
metadata: {name: a}
---
kind: Pod
metadata: {name: [unclosed
---
# only a comment
---
kind: Service
metadata: {name: b}
---
- just
- a list
`)
	got := collect(t, &Reader{}, f)
	if len(got) != 4 {
		t.Fatalf("got %q", got)
	}
	if got[0] != f+": document 1 Pod/a" || got[2] != f+": document 3 Service/b" {
		t.Errorf("got %q", got)
	}
	if !strings.HasPrefix(got[1], f+": document 2 ERROR invalid YAML") {
		t.Errorf("broken document: %q", got[1])
	}
	if !strings.HasPrefix(got[3], f+": document 4 ERROR not a Kubernetes object") {
		t.Errorf("non-object document: %q", got[3])
	}
}

func TestListsInYAMLAndJSON(t *testing.T) {
	dir := t.TempDir()
	y := write(t, dir, "list.yaml", "apiVersion: v1\nkind: List\nitems:\n- {kind: Pod, metadata: {name: a}}\n- {kind: Pod, metadata: {name: b}}\n")
	j := write(t, dir, "list.json", `{"apiVersion":"v1","items":[{"kind":"Pod","metadata":{"name":"c"}},{"kind":"Deployment","metadata":{"name":"d"}}],"kind":"List"}`)
	got := collect(t, &Reader{}, y, j)
	want := []string{
		y + ": document 1: items[0] Pod/a", y + ": document 1: items[1] Pod/b",
		j + ": document 1: items[0] Pod/c", j + ": document 1: items[1] Deployment/d",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestStdinGzipAndDirectories(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "b/one.yml", "kind: Pod\nmetadata: {name: one}\n")
	write(t, dir, "a/two.json", `{"kind":"Pod","metadata":{"name":"two"}}`)
	write(t, dir, "a/notes.txt", "not a manifest")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"items":[{"kind":"Pod","metadata":{"name":"three"}}]}`))
	zw.Close()
	write(t, dir, "c/snap.json.gz", gz.String())

	files, err := Expand([]string{dir, "-"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "a/two.json"), filepath.Join(dir, "b/one.yml"), filepath.Join(dir, "c/snap.json.gz"), "-"}
	if !reflect.DeepEqual(files, want) {
		t.Fatalf("Expand = %q, want %q", files, want)
	}
	got := collect(t, &Reader{Stdin: strings.NewReader("kind: Pod\nmetadata: {name: four}\n")}, files...)
	wantDocs := []string{
		want[0] + ": document 1 Pod/two", want[1] + ": document 1 Pod/one",
		want[2] + ": document 1: items[0] Pod/three", "-: document 1 Pod/four",
	}
	if !reflect.DeepEqual(got, wantDocs) {
		t.Errorf("got %q\nwant %q", got, wantDocs)
	}
}

func TestMissingPathIsAnError(t *testing.T) {
	_, err := Expand([]string{"does/not/exist.yaml"}, nil)
	if err == nil || !strings.Contains(err.Error(), "-f does/not/exist.yaml") {
		t.Errorf("err = %v", err)
	}
}

func TestUnreadableFileAndBrokenJSONAreReportedAndReadingGoesOn(t *testing.T) {
	dir := t.TempDir()
	bad := write(t, dir, "bad.json", `{"items":[{"kind":"Pod","metadata":{"name":"ok"}},{"kind":`)
	good := write(t, dir, "good.yaml", "kind: Pod\nmetadata: {name: g}\n")
	got := collect(t, &Reader{}, bad, filepath.Join(dir, "gone.yaml"), good)
	if len(got) != 4 {
		t.Fatalf("got %q", got)
	}
	if got[0] != bad+": document 1: items[0] Pod/ok" {
		t.Errorf("got[0] = %q", got[0])
	}
	if !strings.HasPrefix(got[1], bad+" ERROR JSON at byte") {
		t.Errorf("got[1] = %q", got[1])
	}
	if !strings.HasPrefix(got[2], filepath.Join(dir, "gone.yaml")+" ERROR no such file") {
		t.Errorf("got[2] = %q", got[2])
	}
	if got[3] != good+": document 1 Pod/g" {
		t.Errorf("got[3] = %q", got[3])
	}
}

// A List whose items cannot all be cut from the text says so, naming the
// line, instead of losing them quietly.
func TestYAMLListWithBrokenIndentationIsReported(t *testing.T) {
	dir := t.TempDir()
	f := write(t, dir, "list.yaml", "apiVersion: v1\nitems:\n- kind: Pod\n  metadata: {name: a}\n- kind: Pod\n  metadata: {name: \"b\n\"}\n- kind: Pod\n  metadata: {name: c}\nkind: List\n")
	got := collect(t, &Reader{}, f)
	if len(got) < 2 || got[0] != f+": document 1: items[0] Pod/a" {
		t.Fatalf("got %q", got)
	}
	var broken bool
	for _, g := range got[1:] {
		broken = broken || strings.HasPrefix(g, f+": document 1 ERROR line 7 breaks the indentation of items")
		if strings.Contains(g, "Pod/c") {
			t.Errorf("an item after the break was read as if nothing happened: %q", got)
		}
	}
	if !broken {
		t.Errorf("no error names the break: %q", got)
	}
}

// A symlink to a directory is followed, its files named through the link;
// a link back to a parent is walked once, not forever.
func TestExpandFollowsDirectoryLinks(t *testing.T) {
	dir := t.TempDir()
	tree, real := filepath.Join(dir, "tree"), filepath.Join(dir, "real")
	for _, d := range []string{tree, real} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{filepath.Join(tree, "ok.yaml"), filepath.Join(real, "p.yaml")} {
		if err := os.WriteFile(f, []byte("kind: Pod\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(real, filepath.Join(tree, "prod")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(tree, filepath.Join(real, "loop")); err != nil {
		t.Fatal(err)
	}
	files, err := Expand([]string{tree}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(tree, "ok.yaml"), filepath.Join(tree, "prod", "p.yaml")}
	if !slices.Equal(files, want) {
		t.Errorf("Expand = %q, want %q", files, want)
	}
}

// A kubeassay snapshot that reaches the manifest reader (its keys sorted by
// jq -S, or given on standard input) is an input error after its items: the
// kinds it could not list would otherwise be lost.
func TestSnapshotReadAsManifestsIsAnError(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "snap.json", `{"apiVersion":"kubeassay/v1","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}],"kind":"Snapshot","metadata":{"unavailable":{"DaemonSet":"forbidden"}}}`)
	got := collect(t, &Reader{}, p)
	if len(got) != 2 || !strings.Contains(got[1], "ERROR a kubeassay Snapshot read as manifests") {
		t.Errorf("documents %q", got)
	}
	plain := write(t, dir, "list.json", `{"apiVersion":"v1","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}],"kind":"List"}`)
	if got := collect(t, &Reader{}, plain); len(got) != 1 {
		t.Errorf("a plain List: documents %q", got)
	}
}

// Each YAML document, and each item of a YAML List, knows the line it
// starts on, for reports that point into the file (SARIF).
func TestYAMLObjectsKnowTheirLine(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "m.yaml")
	text := "# a comment\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: d}\n"
	if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out := make(chan checks.Document, 16)
	if err := (&Reader{}).Read(context.Background(), []string{f}, out); err != nil {
		t.Fatal(err)
	}
	close(out)
	var lines []int
	for d := range out {
		lines = append(lines, d.Origin.Line)
	}
	if want := []int{1, 8, 15, 18}; !slices.Equal(lines, want) {
		t.Errorf("lines %v, want %v", lines, want)
	}
}

// JSON documents and List items know their line too, across windows.
func TestJSONObjectsKnowTheirLine(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "m.json")
	var b strings.Builder
	b.WriteString("{\"apiVersion\": \"v1\",\n \"kind\": \"ConfigMap\",\n \"metadata\": {\"name\": \"a\"}}\n")
	b.WriteString("{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n")
	want := []int{1, 4}
	line := 5
	for i := range 3000 {
		if i > 0 {
			b.WriteString(",\n")
			line++
		}
		// Each item spans three lines and some padding, so the 1 MiB
		// window is refilled more than once.
		fmt.Fprintf(&b, "  {\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\",\n   \"metadata\": {\"name\": \"c%d\"},\n   \"data\": {\"k\": \"%s\"}}", i, strings.Repeat("x", 600))
		want = append(want, line)
		line += 2
	}
	b.WriteString("\n]}\n")
	want[1] = 4
	if err := os.WriteFile(f, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := make(chan checks.Document, 4096)
	if err := (&Reader{}).Read(context.Background(), []string{f}, out); err != nil {
		t.Fatal(err)
	}
	close(out)
	var lines []int
	for d := range out {
		lines = append(lines, d.Origin.Line)
	}
	// The List itself is not a document: its items are.
	want = append(want[:1], want[2:]...)
	if len(lines) != len(want) {
		t.Fatalf("%d documents, want %d", len(lines), len(want))
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Fatalf("document %d starts on line %d, want %d", i, lines[i], want[i])
		}
	}
}
