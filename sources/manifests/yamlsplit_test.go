package manifests

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// event is one value found in a YAML stream: document number, item index
// (-1 for a whole document) and the value as JSON, or an error.
type event struct {
	doc, item int
	value     string
}

func (e event) String() string { return fmt.Sprintf("%d/%d %s", e.doc, e.item, e.value) }

func asJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "ERROR " + err.Error()
	}
	return string(b)
}

// whole reads in the reference way: each document parsed whole, a List's
// items taken from the parsed document.
func whole(t *testing.T, in string) (events []event, ok bool) {
	r := utilyaml.NewYAMLReader(bufio.NewReader(strings.NewReader(in)))
	doc := 0
	for {
		data, err := r.Read()
		if err == io.EOF {
			return events, true
		}
		if err != nil {
			return nil, false
		}
		var v any
		if err := yaml.Unmarshal(data, &v); err != nil {
			return nil, false
		}
		if v == nil {
			continue
		}
		doc++
		if m, isMap := v.(map[string]any); isMap {
			if items, isList := m["items"].([]any); isList {
				for i, it := range items {
					events = append(events, event{doc, i, asJSON(it)})
				}
				continue
			}
		}
		events = append(events, event{doc, -1, asJSON(v)})
	}
}

// streamed reads through splitYAML, each List item parsed on its own.
func streamed(t *testing.T, in string, bufSize int) ([]event, error) {
	var events []event
	doc := 0
	err := splitYAML(bufio.NewReaderSize(strings.NewReader(in), bufSize), yamlEvents{
		doc: func(data []byte, _ int) error {
			var v any
			if err := yaml.Unmarshal(data, &v); err != nil {
				doc++
				events = append(events, event{doc, -1, "ERROR " + err.Error()})
				return nil
			}
			if v == nil {
				return nil
			}
			doc++
			if m, isMap := v.(map[string]any); isMap {
				if items, isList := m["items"].([]any); isList {
					for i, it := range items {
						events = append(events, event{doc, i, asJSON(it)})
					}
					return nil
				}
			}
			events = append(events, event{doc, -1, asJSON(v)})
			return nil
		},
		list: func() error { doc++; return nil },
		broken: func(err error) error {
			events = append(events, event{doc, -1, "BROKEN " + err.Error()})
			return nil
		},
		item: func(data []byte, i, _ int) error {
			var v any
			if err := yaml.Unmarshal(data, &v); err != nil {
				events = append(events, event{doc, i, "ERROR " + err.Error()})
				return nil
			}
			events = append(events, event{doc, i, asJSON(v)})
			return nil
		},
	})
	return events, err
}

func TestSplitYAMLStreamsLists(t *testing.T) {
	kubectl := `apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: a
    annotations:
      note: |
        two lines
        of text

        and a blank one
  spec:
    containers:
    - name: app
      args: ["-c", "x: y", "- z"]
      command:
        - sh

# a comment between items
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: b}
-
  kind: Service
  metadata:
    name: c
kind: List
metadata:
  resourceVersion: ""
`
	for name, in := range map[string]string{
		"kubectl style":       kubectl,
		"indented sequence":   "apiVersion: v1\nitems:\n  - kind: Pod\n    metadata:\n      name: a\n  - kind: Pod\n    metadata: {name: b}\nkind: List\n",
		"several documents":   "kind: Pod\nmetadata: {name: x}\n---\n" + kubectl + "---\n# nothing\n---\nkind: Service\nmetadata: {name: y}\n",
		"empty and flow list": "items: []\nkind: List\n---\nitems: [{kind: Pod, metadata: {name: f}}]\n",
		"items null":          "kind: X\nitems:\nmetadata: {name: n}\n",
		"items a mapping":     "kind: X\nitems:\n  a: 1\nmetadata: {name: n}\n",
		"windows line ends":   strings.ReplaceAll(kubectl, "\n", "\r\n"),
		"no final newline":    strings.TrimSuffix(kubectl, "\n"),
		"scalar items":        "items:\n- a\n- 1\n- - nested\nkind: List\n",
	} {
		for _, size := range []int{16, 4096} {
			want, ok := whole(t, in)
			if !ok {
				t.Fatalf("%s: the reference reading failed", name)
			}
			got, err := streamed(t, in, size)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s (buffer %d):\n got %v\nwant %v", name, size, got, want)
			}
		}
	}
}

var (
	oddSeparator = regexp.MustCompile(`(?m)^---[^\s]`)
	itemsKey     = regexp.MustCompile(`(?m)^items:`)
)

func FuzzSplitYAML(f *testing.F) {
	for _, s := range []string{
		"items:\n- a: 1\n  b: [1,\n   2]\n- c: |\n   x\n\n   y\nkind: List\n",
		"kind: Pod\n---\nitems:\n  -   a: 1\n      b: 2\n",
		"items:\n-\n  a: 1\n# c\n- b\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		// Anchors and aliases cannot cross items read one by one; tags
		// (with duplicate keys the reference reading is not stable),
		// tabs and directives are out of kubectl's output.
		if strings.ContainsAny(in, "&*!\t%") {
			return
		}
		// "---#" at the start of a stream: the reference reader keeps it
		// as content, a quirk not worth copying.
		if oddSeparator.MatchString(in) || len(itemsKey.FindAllString(in, 2)) > 1 {
			return // (a second items key is reported as such)
		}
		// A bare carriage return breaks lines for YAML, not for a line
		// reader; no writer of Kubernetes YAML emits one.
		if strings.Contains(strings.ReplaceAll(in, "\r\n", ""), "\r") {
			return
		}
		want, ok := whole(t, in)
		got, err := streamed(t, in, 16)
		if !ok {
			return // invalid input: only that it ends
		}
		if err != nil {
			t.Fatalf("valid input %q: %v", in, err)
		}
		// An item may come out as an error where the whole document
		// parses (a quoted or flow scalar going on at the left margin,
		// which libyaml tolerates and no Kubernetes writer emits), and the
		// items after it may then be left unread or cut wrong. What must
		// never happen is a List read differently without an error in it
		// saying so.
		byDoc := func(evs []event) map[int][]event {
			m := map[int][]event{}
			for _, e := range evs {
				m[e.doc] = append(m[e.doc], e)
			}
			return m
		}
		g, w := byDoc(got), byDoc(want)
		if len(g) != len(w) {
			t.Fatalf("input %q: documents differ:\n got %v\nwant %v", in, got, want)
		}
		for d, wd := range w {
			var gd []event
			broken := false
			for _, e := range g[d] {
				if strings.HasPrefix(e.value, "BROKEN ") {
					broken = true
					continue
				}
				gd = append(gd, e)
			}
			// The items must be those of the whole reading, or the
			// document must carry an error that says it was misread.
			visible := broken
			for _, e := range gd {
				visible = visible || (e.item >= 0 && strings.HasPrefix(e.value, "ERROR "))
			}
			ok := visible || fmt.Sprint(gd) == fmt.Sprint(wd)
			if !ok {
				t.Fatalf("input %q, document %d:\n got %v\nwant %v", in, d, g[d], wd)
			}
		}
	})
}

// TestListWithBrokenTextAfterItemsIsReported: items cut off by text that
// breaks the List (a key at the items' column, or keys after them that do
// not parse) are reported, never dropped in silence. Both were read as a
// shorter, clean List.
func TestListWithBrokenTextAfterItemsIsReported(t *testing.T) {
	for name, in := range map[string]string{
		"key at the items' column": "kind: List\nitems:\n  - kind: Pod\n    metadata: {name: a}\n  bad: [\n  - kind: Pod\n    metadata: {name: b}\n",
		"tail that does not parse": "items:\n- kind: Pod\n  metadata: {name: a}\nkind: List\nmetadata: [\n  {resourceVersion\n",
	} {
		events, err := streamed(t, in, 4096)
		if err != nil {
			t.Fatal(err)
		}
		broken := false
		for _, e := range events {
			broken = broken || strings.HasPrefix(e.value, "BROKEN ")
		}
		if !broken {
			t.Errorf("%s: events %v, want the List reported broken", name, events)
		}
		if _, ok := whole(t, in); ok {
			t.Errorf("%s: the whole document parses, so the case proves nothing", name)
		}
	}
	// A List that ends cleanly is not reported.
	events, err := streamed(t, "items:\n- kind: Pod\n  metadata: {name: a}\nkind: List\nmetadata: {resourceVersion: \"\"}\n", 4096)
	if err != nil || len(events) != 1 || strings.HasPrefix(events[0].value, "BROKEN") {
		t.Errorf("clean List: %v, %v", events, err)
	}
}

// A List as kubectl writes it, cut inside its items: it parses whole (the
// last item just ends early), but it has no kind on either side of its
// items, so it is reported broken, never read as if complete. A List whose
// kind comes first, as written by hand, may end with its items.
func TestListCutInsideItemsIsReported(t *testing.T) {
	kubectl := "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n  spec:\n    containers:\n    - name: c\n      image: i\n"
	events, err := streamed(t, kubectl, 4096)
	if err != nil {
		t.Fatal(err)
	}
	if last := events[len(events)-1].value; !strings.HasPrefix(last, "BROKEN ") || !strings.Contains(last, "cut short") {
		t.Errorf("cut List: events %v, want it reported cut short", events)
	}
	for _, complete := range []string{
		kubectl + "kind: List\nmetadata: {resourceVersion: \"\"}\n",
		"apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n",
	} {
		events, err := streamed(t, complete, 4096)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if strings.HasPrefix(e.value, "BROKEN ") {
				t.Errorf("complete List reported broken: %v", events)
			}
		}
	}
}
