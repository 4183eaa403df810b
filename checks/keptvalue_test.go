package checks

import (
	"strings"
	"testing"

	json "github.com/goccy/go-json"
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/kubeassay/kubeassay/dev/perf/gen"
)

// The kept values must be the values OPA itself would build from the same
// objects, whatever is shared between them.
func TestKeptValuesAreTheObjects(t *testing.T) {
	table := &stringTable{}
	n := 0
	err := gen.New(3).Generate(2000, func(o gen.Object) error {
		data, err := json.Marshal(o)
		if err != nil {
			return err
		}
		var x any
		if err := json.Unmarshal(data, &x); err != nil {
			return err
		}
		want, err := ast.InterfaceToValue(x)
		if err != nil {
			return err
		}
		got, err := table.keptValue(x)
		if err != nil {
			return err
		}
		if want.Compare(got) != 0 {
			t.Fatalf("kept value differs from the object:\n got %v\nwant %v", got, want)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 2000 || table.size.Load() == 0 {
		t.Fatalf("%d objects compared, %d strings shared", n, table.size.Load())
	}
}

// Past maxStrings, strings are copied instead of shared, and values stay
// right.
func TestFullStringTableStillConverts(t *testing.T) {
	table := &stringTable{}
	table.size.Store(maxStrings)
	v, err := table.keptValue(map[string]any{"name": "a", "long": strings.Repeat("x", 100), "list": []any{"b", 1.5, true, nil}})
	if err != nil {
		t.Fatal(err)
	}
	if want := ast.MustParseTerm(`{"name": "a", "long": "` + strings.Repeat("x", 100) + `", "list": ["b", 1.5, true, null]}`).Value; want.Compare(v) != 0 {
		t.Fatalf("got %v", v)
	}
	if _, shared := table.values.Load("a"); shared {
		t.Fatal("a full table took another string")
	}
}

// An object whose kept text cannot be read back is an input error naming
// it, and the other objects stay.
func TestCorruptKeptObjectIsAnInputError(t *testing.T) {
	e := &Engine{strings: &stringTable{}, workers: 2}
	role := keep(GroupKind{"rbac.authorization.k8s.io", "Role"}, map[string]any{
		"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
		"metadata": map[string]any{"name": "r", "namespace": "a"},
		"rules":    []any{map[string]any{"verbs": []any{"get"}}},
	})
	good := inventoryObject{ref: ObjectRef{Kind: "Role", Namespace: "a", Name: "r"}, gk: GroupKind{"rbac.authorization.k8s.io", "Role"}, data: role.data}
	bad := inventoryObject{ref: ObjectRef{Kind: "Namespace", Name: "b"}, gk: GroupKind{"", "Namespace"}, data: role.data[:len(role.data)/2]}
	var res Result
	out := e.toValues([]inventoryObject{bad, good}, &res)
	if len(out) != 1 || out[0].ref.Name != "r" || out[0].val == nil || out[0].obj["kind"] != "Role" || out[0].data != nil {
		t.Fatalf("kept: %+v", out)
	}
	if len(res.InputErrors) != 1 || !strings.Contains(res.InputErrors[0].String(), "Namespace/b") || !strings.Contains(res.InputErrors[0].String(), "cannot be read by the inventory checks") {
		t.Fatalf("input errors: %v", res.InputErrors)
	}
}
