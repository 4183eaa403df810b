package checks

import (
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// nodeModeCheck is a node check with all three rules: skip when the kubelet
// does not run, unknown when the mode of its config file was not read, deny
// when the mode is wider than 0600.
const nodeModeCheck = `# METADATA
# title: Kubelet config mode
# description: A node check for tests.
# custom:
#   id: T-MODE
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: chmod 600.
package kubeassay.checks.test.mode

skip := "kubelet is not running on this node" if not input.components.kubelet

unknown := sprintf("the mode of %s could not be read", [f.path]) if {
	some f in input.files
	not is_number(object.get(f, "modeBits", null))
}

deny contains {"msg": "too open", "path": "files", "value": f.modeBits} if {
	some f in input.files
	is_number(f.modeBits)
	bits.and(f.modeBits, bits.negate(384)) != 0
}
`

const twoNodes = `apiVersion: kubeassay/v1
kind: NodeFacts
metadata: {name: node-a}
components: {kubelet: {}}
files: [{path: /var/lib/kubelet/config.yaml, modeBits: 384}]
---
apiVersion: kubeassay/v1
kind: NodeFacts
metadata: {name: node-b}
components: {kubelet: {}}
files: [{path: /var/lib/kubelet/config.yaml, error: permission denied}]
---
apiVersion: kubeassay/v1
kind: NodeFacts
metadata: {name: node-c}
components: {}
files: []`

// TestUnknownIsRecordedPerObject: a node whose data could not be read is
// neither judged nor skipped: it is listed as unknown with the reason, so
// that the node that was judged cannot make the control pass.
func TestUnknownIsRecordedPerObject(t *testing.T) {
	cat, err := LoadCatalog(testFS(t, map[string]string{"test/mode.rego": nodeModeCheck}))
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, cat, []string{"T-MODE"}, twoNodes)
	if res.Evaluated["T-MODE"] != 1 {
		t.Errorf("judged %d nodes, want 1 (node-a)", res.Evaluated["T-MODE"])
	}
	if n := res.Skipped["T-MODE"]["kubelet is not running on this node"]; n != 1 {
		t.Errorf("skipped %v, want node-c", res.Skipped)
	}
	us := res.Unknown["T-MODE"]
	if len(us) != 1 || us[0].Object.Name != "node-b" || us[0].Reason != "the mode of /var/lib/kubelet/config.yaml could not be read" {
		t.Errorf("unknown = %+v, want node-b with the reason", us)
	}
}

// TestUnknownDoesNotHideFindings: what was read and fails is reported even
// when part of the data is unknown.
func TestUnknownDoesNotHideFindings(t *testing.T) {
	cat, err := LoadCatalog(testFS(t, map[string]string{"test/mode.rego": nodeModeCheck}))
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, cat, []string{"T-MODE"}, `apiVersion: kubeassay/v1
kind: NodeFacts
metadata: {name: node-a}
components: {kubelet: {}}
files: [{path: /a, modeBits: 420}, {path: /b, error: permission denied}]`)
	if len(res.Findings) != 1 || len(res.Unknown["T-MODE"]) != 1 {
		t.Errorf("findings %+v, unknown %+v: want both", res.Findings, res.Unknown)
	}
}

// TestLostResultIsAnError: an evaluation that returns no result, or a rule
// set without its marker, is an error for the check, never a clean verdict
// (an empty result used to read as "no finding").
func TestLostResultIsAnError(t *testing.T) {
	for name, v := range map[string]ast.Value{
		"no result":      nil,
		"no marker":      ast.NewObject(),
		"false marker":   ast.NewObject(ast.Item(ast.StringTerm("checked"), ast.BooleanTerm(false))),
		"not an object":  ast.String("x"),
		"empty unknown":  ast.NewObject(ast.Item(ast.StringTerm("checked"), ast.BooleanTerm(true)), ast.Item(ast.StringTerm("unknown"), ast.ArrayTerm(ast.StringTerm("")))),
		"numeric reason": ast.NewObject(ast.Item(ast.StringTerm("checked"), ast.BooleanTerm(true)), ast.Item(ast.StringTerm("skip"), ast.ArrayTerm(ast.IntNumberTerm(1)))),
	} {
		var vd verdict
		vd.add("T-1", v)
		if vd.errs["T-1"] == "" || len(vd.findings) > 0 || len(vd.skips) > 0 || len(vd.unknowns) > 0 {
			t.Errorf("%s: verdict %+v, want an error only", name, vd)
		}
	}
	// The marker alone is a clean verdict.
	var vd verdict
	vd.add("T-1", ast.NewObject(ast.Item(ast.StringTerm("checked"), ast.BooleanTerm(true))))
	if len(vd.errs) > 0 {
		t.Errorf("a clean rule set gave errors %v", vd.errs)
	}
	// A query that returns no binding at all is an error for every check
	// of the query, not a pass.
	vd = verdict{}
	vd.add("T-1", field(binding(nil), "T-1"))
	if !strings.Contains(vd.errs["T-1"], "no result") {
		t.Errorf("empty result set: errors %v", vd.errs)
	}
}

func TestGuessKind(t *testing.T) {
	for text, want := range map[string]string{
		"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n  labels: [oops\n": "Deployment",
		"kind: 'Pod'  # a comment\nspec: {":                                              "Pod",
		"metadata:\n  ownerReferences:\n  - kind: ReplicaSet\n":                          "",
		"kind: Pod\n---\nkind: Deployment\n":                                             "",
		"kind: List\nitems: [":                                                           "",
		"apiVersion: v1\nkind: PodList\nitems: [":                                        "",
		`{"apiVersion":"apps/v1","kind":"DeploymentList","items":[{`:                     "",
		`{"apiVersion":"v1","kind":"NodeFacts","metadata":{"name":"n"},"components":{`:   "NodeFacts",
		`{"metadata":{"labels":{"a":"b"}},"kind":"Pod","spec":`:                          "Pod",
		`{"metadata":{"ownerReferences":[{"kind":"ReplicaSet"}]}`:                        "",
		"": "",
	} {
		if got := GuessKind([]byte(text)); got != want {
			t.Errorf("GuessKind(%q) = %q, want %q", text, got, want)
		}
	}
}
