package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileNeverLeavesHalfAFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "result.json")
	if err := writeFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "first"); return err }); err != nil {
		t.Fatal(err)
	}
	// A writer that fails half way leaves the previous file as it was.
	boom := errors.New("boom")
	err := writeFile(path, func(w io.Writer) error {
		fmt.Fprint(w, "half of a new report")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "first" {
		t.Errorf("file = %q after a failed write, want the previous content", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
	// A device is written, not replaced.
	if err := writeFile(os.DevNull, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode().IsRegular() {
		t.Fatalf("%s is no longer a device: %v %v", os.DevNull, fi, err)
	}
}

// Every command that writes a result takes -o FORMAT[=FILE], repeatable,
// and refuses an unknown format or a missing file name with one message.
func TestOneFormOfOutput(t *testing.T) {
	rbacDir := writeWhoCanManifests(t, "")
	node := []string{"node", "--root", "../../testdata/nodes/kubeadm", "--node-name", "n"}
	for _, c := range []struct {
		args    []string
		formats string
	}{
		{[]string{"scan", "-f", demo}, "csv, html, json, junit, markdown, pdf, prometheus, sarif, table"},
		{[]string{"report", "result.json"}, "csv, html, json, junit, markdown, pdf, prometheus, sarif, table"},
		{[]string{"rbac", "who-can", "get", "secrets", "-f", rbacDir}, "table, json"},
		{[]string{"rbac", "risks", "-f", rbacDir}, "table, json"},
		{node, "json"},
	} {
		r := runCLI(t, "", append(c.args, "-o", "xml")...)
		if want := `-o xml: unknown output format "xml" (one of: ` + c.formats + ")"; r.code != exitUsage || !strings.Contains(r.err, want) {
			t.Errorf("%v -o xml: exit %d, %q; want 2 and %q", c.args, r.code, r.err, want)
		}
		r = runCLI(t, "", append(c.args, "-o", "json=")...)
		if want := "-o json=: missing file name after '='"; r.code != exitUsage || !strings.Contains(r.err, want) {
			t.Errorf("%v -o json=: exit %d, %q; want 2 and %q", c.args, r.code, r.err, want)
		}
	}

	dir := t.TempDir()
	for _, args := range [][]string{
		{"rbac", "who-can", "get", "secrets", "-n", "team-a", "-f", rbacDir},
		{"rbac", "risks", "-f", writeRisksManifests(t, "")},
	} {
		path := filepath.Join(dir, args[1]+".json")
		r := runCLI(t, "", append(args, "-o", "json="+path, "-o", "table")...)
		data, _ := os.ReadFile(path)
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); r.code != 0 || err != nil || doc["complete"] != true {
			t.Errorf("%v -o json=FILE: exit %d, %v, file %s\n%s", args, r.code, err, data, r.err)
		}
		if !strings.Contains(r.stdout, "SUBJECT") || strings.Contains(r.stdout, `"complete"`) {
			t.Errorf("%v -o table beside -o json=FILE: stdout\n%s", args, r.stdout)
		}
	}
	// An incomplete answer is written to the file all the same, then exit 2.
	path := filepath.Join(dir, "incomplete.json")
	broken := writeWhoCanManifests(t, "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: [broken\n")
	r := runCLI(t, "", "rbac", "who-can", "get", "secrets", "-f", broken, "-o", "json="+path)
	if data, _ := os.ReadFile(path); r.code != exitUsage || r.stdout != "" || !strings.Contains(string(data), `"complete": false`) {
		t.Errorf("incomplete -o json=FILE: exit %d, stdout %q, file %s", r.code, r.stdout, data)
	}

	path = filepath.Join(dir, "node.json")
	r = runCLI(t, "", append(node, "-o", "json", "-o", "json="+path)...)
	if data, _ := os.ReadFile(path); r.code != 0 || !json.Valid(data) || string(data) != r.stdout || !strings.Contains(r.err, "written to "+path) {
		t.Errorf("node -o json -o json=FILE: exit %d, %s", r.code, r.err)
	}
}

// benchmarks list/show and version take -o in the same form: FORMAT or
// FORMAT=FILE, repeatable, the same message for an unknown format; and
// scan's output setting does not reach them.
func TestListingCommandsTakeTheSameOutput(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("KUBEASSAY_OUTPUT", "html="+filepath.Join(dir, "scan.html"))
	for _, args := range [][]string{{"benchmarks", "list"}, {"benchmarks", "show", "pss-baseline"}, {"version"}} {
		file := filepath.Join(dir, args[len(args)-1]+".json")
		r := runCLI(t, "", append(args, "-o", "json="+file, "-o", args0Format(args))...)
		data, err := os.ReadFile(file)
		var v any
		if r.code != 0 || err != nil || json.Unmarshal(data, &v) != nil || r.stdout == "" || strings.HasPrefix(r.stdout, "{") || strings.HasPrefix(r.stdout, "[") {
			t.Errorf("%v: exit %d, %v, file %q, stdout %q", args, r.code, err, data, r.stdout)
		}
		r = runCLI(t, "", append(args, "-o", "xml")...)
		if r.code != exitUsage || !strings.Contains(r.err, `-o xml: unknown output format "xml"`) {
			t.Errorf("%v -o xml: exit %d, %q", args, r.code, r.err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "scan.html")); !os.IsNotExist(err) {
		t.Errorf("scan's output setting was written by another command: %v", err)
	}
}

func args0Format(args []string) string {
	if args[0] == "version" {
		return "text"
	}
	return "table"
}
