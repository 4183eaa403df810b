package benchmarks

import (
	"strings"
	"testing"
)

func TestParseCISTableRefusesBadTables(t *testing.T) {
	const good = "cis:\n  - {benchmark: a, document: v1, from: \"1.30\", to: \"1.31\"}\n  - {benchmark: b, document: v2, from: \"1.32\", to: \"1.32\"}\n"
	tests := []struct{ name, yaml, want string }{
		{"valid", good, ""},
		{"empty", "cis: []\n", "no cis rows"},
		{"gap", strings.Replace(good, `from: "1.32", to: "1.32"`, `from: "1.33", to: "1.34"`, 1), `cis row 2 (b): starts at 1.33, want 1.32`},
		{"overlap", strings.Replace(good, `from: "1.32", to: "1.32"`, `from: "1.31", to: "1.34"`, 1), `cis row 2 (b): starts at 1.31`},
		{"reversed", strings.Replace(good, `from: "1.30", to: "1.31"`, `from: "1.31", to: "1.30"`, 1), `cis row 1 (a): from 1.31 is after to 1.30`},
		{"patch version", strings.Replace(good, `to: "1.31"`, `to: "1.31.2"`, 1), `"1.31.2": want a minor version`},
		{"missing document", strings.Replace(good, "document: v1, ", "", 1), `cis row 1 (a): missing benchmark or document`},
		{"unknown field", strings.Replace(good, "document: v1", "documnet: v1", 1), `unknown field "documnet"`},
	}
	for _, tt := range tests {
		_, err := parseCISTable([]byte(tt.yaml))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want it to contain %q", tt.name, err, tt.want)
		}
	}
}

func TestCISForUsesTheTableGiven(t *testing.T) {
	table, err := parseCISTable([]byte("cis:\n  - {benchmark: a, document: v1, from: \"1.30\", to: \"1.31\"}\n  - {benchmark: b, document: v2, from: \"1.32\", to: \"1.33\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	for v, want := range map[string]string{"v1.29.1": "a", "v1.30.0": "a", "v1.31.5-eks-1": "a", "v1.32.0": "b", "v1.33.9+k3s2": "b", "v1.34.0": "b"} {
		if id, _, err := cisFor(table, v); err != nil || id != want {
			t.Errorf("cisFor(%q) = %q, %v; want %q", v, id, err, want)
		}
	}
}

func TestAutoTableIsChecked(t *testing.T) {
	for _, tt := range []struct{ yaml, want string }{
		{"auto:\n  always: [a]\n  platforms: [{platform: unknown}]\n", ""},
		{"auto:\n  always: [a]\n  platforms: [{platform: eks, benchmark: x}]\n", "no row for platform unknown"},
		{"auto:\n  always: [a]\n  platforms: [{platform: unknown}, {platform: unknown}]\n", `auto platform 2 ("unknown"): missing or repeated`},
		{"auto:\n  platforms: [{platform: unknown}]\n", "auto needs always and platforms"},
		{"auto:\n  always: [a]\n  platforms: [{platform: unknown, benchmrk: x}]\n", `unknown field "benchmrk"`},
	} {
		_, err := parseAutoTable([]byte(tt.yaml))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: %v", tt.yaml, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%q: error %v, want %q", tt.yaml, err, tt.want)
		}
	}
}
