package checks

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/util"
)

// The decoder (goccy/go-json) hands out strings that point into its copy of
// the document's text, so that any string kept from a decoded object keeps
// the whole text of that object alive: the containers of a Deployment the
// inventory keeps only the metadata of, the values of a ConfigMap whose keys
// it keeps. At a million objects that was 700 MB of text held until the end
// of the scan for nothing, and the garbage collector's work grows with it.
// What the engine keeps past one object's evaluation is therefore converted
// with strings of its own: keptValue for the inventory's Rego values,
// ownStrings for findings.

// stringTable shares the Rego values of short strings that objects repeat
// (keys, namespaces, label values, API groups) among every object kept in
// one scan. It holds at most maxStrings strings; past that, strings are
// copied one by one.
type stringTable struct {
	values sync.Map // string -> ast.Value
	size   atomic.Int64
}

const (
	maxStrings     = 1 << 16
	maxSharedBytes = 64
)

func (t *stringTable) value(s string) ast.Value {
	if len(s) > maxSharedBytes {
		return ast.String(strings.Clone(s))
	}
	if v, ok := t.values.Load(s); ok {
		return v.(ast.Value)
	}
	v := ast.Value(ast.String(strings.Clone(s)))
	if t.size.Load() >= maxStrings {
		return v
	}
	if prev, loaded := t.values.LoadOrStore(string(v.(ast.String)), v); loaded {
		return prev.(ast.Value)
	}
	t.size.Add(1)
	return v
}

// keptValue converts a decoded JSON value (maps, slices, strings, numbers,
// booleans, nil) to a Rego value that shares no memory with the text it was
// decoded from. Other Go types go through ast.InterfaceToValue.
func (t *stringTable) keptValue(x any) (ast.Value, error) {
	switch x := x.(type) {
	case string:
		return t.value(x), nil
	case map[string]any:
		terms := util.NewPtrSlice[ast.Term](2 * len(x))
		kvs := make([][2]*ast.Term, 0, len(x))
		i := 0
		for k, v := range x {
			val, err := t.keptValue(v)
			if err != nil {
				return nil, err
			}
			terms[i].Value, terms[i+1].Value = t.value(k), val
			kvs = append(kvs, [2]*ast.Term{terms[i], terms[i+1]})
			i += 2
		}
		return ast.NewObject(kvs...), nil
	case []any:
		terms := util.NewPtrSlice[ast.Term](len(x))
		for i, e := range x {
			val, err := t.keptValue(e)
			if err != nil {
				return nil, err
			}
			terms[i].Value = val
		}
		return ast.NewArray(terms...), nil
	default:
		return ast.InterfaceToValue(x)
	}
}

// ownStrings returns a copy of a JSON value (as ast.JSON gives it) whose
// strings are copies: a finding's value can be a string of the input.
func ownStrings(x any) any {
	switch x := x.(type) {
	case string:
		return strings.Clone(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, v := range x {
			out[strings.Clone(k)] = ownStrings(v)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, v := range x {
			out[i] = ownStrings(v)
		}
		return out
	default:
		return x
	}
}
