package manifests

import (
	"encoding/json"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func split(t *testing.T, in string, oneByte bool) (docs []string, items []int, err error) {
	t.Helper()
	return splitWindow(t, in, oneByte, 1<<20)
}

// splitWindow splits in through windows of the given size; the documents
// are kept as handed out (not copied), as the engine keeps them.
func splitWindow(t *testing.T, in string, oneByte bool, window int) (docs []string, items []int, err error) {
	t.Helper()
	var r io.Reader = strings.NewReader(in)
	if oneByte {
		r = iotest.OneByteReader(r)
	}
	var kept [][]byte
	err = splitJSONWindow(r, window, func(d []byte, item int) {
		kept = append(kept, d)
		items = append(items, item)
	})
	for _, d := range kept {
		docs = append(docs, string(d))
	}
	return docs, items, err
}

func TestSplitJSON(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		docs  []string
		items []int
	}{
		{"single object", `{"kind":"Pod","metadata":{"name":"a"}}`, []string{`{"kind":"Pod","metadata":{"name":"a"}}`}, []int{-1}},
		{"list, items first as kubectl writes it", "{\n \"apiVersion\": \"v1\",\n \"items\": [\n  {\"kind\":\"Pod\"},\n  {\"kind\":\"Service\", \"x\": [1, {\"y\": \"]}\"}]}\n ],\n \"kind\": \"List\"\n}",
			[]string{`{"kind":"Pod"}`, `{"kind":"Service", "x": [1, {"y": "]}"}]}`}, []int{0, 1}},
		{"escaped quotes and backslashes", `{"a":"x\"}\\","b":"\\\\"}`, []string{`{"a":"x\"}\\","b":"\\\\"}`}, []int{-1}},
		{"escapes in list items", `{"items":[{"a":"\\\"]"},"s\"",12,{"b":"\\"}]}`, []string{`{"a":"\\\"]"}`, `"s\""`, `12`, `{"b":"\\"}`}, []int{0, 1, 2, 3}},
		{"a stream of objects", `{"a":1} {"b":true}` + "\n" + `{"c":null}`, []string{`{"a":1}`, `{"b":true}`, `{"c":null}`}, []int{-1, -1, -1}},
		{"top-level array", `[{"a":1},{"b":2}]`, []string{`{"a":1}`, `{"b":2}`}, []int{0, 1}},
		{"empty list", `{"items":[],"kind":"List"}`, nil, nil},
		{"items not an array stays one object", `{"items":{"a":1},"kind":"X"}`, []string{`{"items":{"a":1},"kind":"X"}`}, []int{-1}},
	}
	for _, tt := range tests {
		for _, mode := range []struct {
			oneByte bool
			window  int
		}{{false, 1 << 20}, {true, 1 << 20}, {false, 1}, {false, 5}, {true, 3}} {
			oneByte := mode.oneByte
			docs, items, err := splitWindow(t, tt.in, oneByte, mode.window)
			if err != nil {
				t.Errorf("%s (one byte reads %v): %v", tt.name, oneByte, err)
				continue
			}
			if strings.Join(docs, "|") != strings.Join(tt.docs, "|") || len(items) != len(tt.items) {
				t.Errorf("%s (one byte reads %v):\n got %q %v\nwant %q %v", tt.name, oneByte, docs, items, tt.docs, tt.items)
				continue
			}
			for i := range items {
				if items[i] != tt.items[i] {
					t.Errorf("%s: item indexes %v, want %v", tt.name, items, tt.items)
				}
			}
			for _, d := range docs {
				if !json.Valid([]byte(d)) {
					t.Errorf("%s: emitted invalid JSON %q", tt.name, d)
				}
			}
		}
	}
}

func TestSplitJSONErrors(t *testing.T) {
	for _, in := range []string{`{"items":[{"a":1}`, `{"a" 1}`, `nonsense`, `{"items":[{"a":"unterminated}]}`} {
		if _, _, err := split(t, in, false); err == nil {
			t.Errorf("%q: want an error", in)
		} else if !strings.Contains(err.Error(), "JSON at byte") {
			t.Errorf("%q: error %q does not say where", in, err)
		}
	}
}

func FuzzSplitJSON(f *testing.F) {
	for _, s := range []string{`{"a":"\\\""}`, `{"items":[{"k":1},{"k":[2]}]}`, `[1,2]`, `{"x":"]}"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		// Whatever the input, splitting ends, and every document it emits
		// from valid input is valid.
		docs, _, err := split(t, in, false)
		// A small window that moves often cuts the same documents.
		small, _, serr := splitWindow(t, in, false, 3)
		if (err == nil) != (serr == nil) || strings.Join(docs, "\x00") != strings.Join(small, "\x00") {
			t.Fatalf("window of 3 bytes: %q, %v; want %q, %v", small, serr, docs, err)
		}
		if err == nil && json.Valid([]byte(in)) {
			for _, d := range docs {
				if !json.Valid([]byte(d)) {
					t.Fatalf("valid input %q gave invalid document %q", in, d)
				}
			}
		}
	})
}

func TestSplitList(t *testing.T) {
	in := `{"apiVersion":"v1","items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b","x":"]}\\\""}}],"kind":"PodList","metadata":{"continue":"abc","resourceVersion":"7"}}`
	var items []string
	list, err := SplitList(strings.NewReader(in), func(item []byte, i int) {
		if i != len(items) {
			t.Errorf("item %d given index %d", len(items), i)
		}
		items = append(items, string(item))
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`{"metadata":{"name":"a"}}`, `{"metadata":{"name":"b","x":"]}\\\""}}`}
	if strings.Join(items, "|") != strings.Join(want, "|") {
		t.Errorf("items %q, want %q", items, want)
	}
	var l struct {
		Kind     string
		Items    []any
		Metadata struct{ Continue string }
	}
	if err := json.Unmarshal(list, &l); err != nil {
		t.Fatalf("the List less its items is not JSON: %v: %s", err, list)
	}
	if l.Kind != "PodList" || l.Metadata.Continue != "abc" || len(l.Items) != 0 {
		t.Errorf("list %s", list)
	}
	for _, bad := range []string{`{"kind":"Pod"}`, `[]`, `{"items":[{"a":1}`, ``} {
		if _, err := SplitList(strings.NewReader(bad), func([]byte, int) {}); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}
