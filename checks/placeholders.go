package checks

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"

	"sigs.k8s.io/yaml"
)

// PlaceholdersFile is where a policy tree lists the names in a pod template
// that the pod checks only print.
const PlaceholdersFile = "pod/placeholders.yaml"

// placeholderMark starts and ends every placeholder: "@ka-c0@". No name the
// API server accepts holds an "@", and a template whose names are not plain
// (namePlain) is evaluated as it is.
const placeholderMark = "@ka-"

// placeholders are the fields of a pod template whose values are names the
// checks only print, by kind of name. Two templates that differ only in
// such names share a shape: the template with each name replaced by its
// placeholder, the kind's letter and the order in which the name first
// appears. The shape is evaluated once; each template's verdict is the
// shape's with its own names put back (restore).
type placeholders struct {
	kinds []placeholderKind
	// unread are the fields no pod check reads, dropped from a shape.
	unread []fieldPath
}

type placeholderKind struct {
	name   string // "container", as in the file
	letter byte   // 'c'
	fields []fieldPath
}

// fieldPath is a parsed path of the file: each step is a choice of field
// names, and each is followed, when list is set, by every element of the
// list that field holds.
type fieldPath []pathStep

type pathStep struct {
	fields []string
	list   bool
}

// placeholderLetters gives each kind of name its letter in a placeholder.
var placeholderLetters = map[string]byte{"container": 'c', "volume": 'v', "secret": 's', "configMap": 'm'}

// loadPlaceholders reads PlaceholdersFile from fsys; a tree without one has
// no placeholders, and every template is evaluated as it is.
func loadPlaceholders(fsys fs.FS) (*placeholders, error) {
	src, err := fs.ReadFile(fsys, PlaceholdersFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	return parsePlaceholders(src)
}

func parsePlaceholders(src []byte) (*placeholders, error) {
	var doc map[string][]string
	if err := yaml.UnmarshalStrict(src, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", PlaceholdersFile, err)
	}
	p := &placeholders{}
	for _, s := range doc["unread"] {
		fp, err := parseFieldPath(s)
		if err != nil {
			return nil, fmt.Errorf("%s: unread: %q: %w", PlaceholdersFile, s, err)
		}
		if fp[len(fp)-1].list {
			return nil, fmt.Errorf("%s: unread: %q: name the field that holds the list, not its elements", PlaceholdersFile, s)
		}
		p.unread = append(p.unread, fp)
	}
	delete(doc, "unread")
	for _, name := range []string{"container", "volume", "secret", "configMap"} {
		paths, ok := doc[name]
		if !ok {
			continue
		}
		k := placeholderKind{name: name, letter: placeholderLetters[name]}
		for _, s := range paths {
			fp, err := parseFieldPath(s)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %q: %w", PlaceholdersFile, name, s, err)
			}
			k.fields = append(k.fields, fp)
		}
		p.kinds = append(p.kinds, k)
		delete(doc, name)
	}
	if len(doc) > 0 {
		unknown := slices.Sorted(maps.Keys(doc))
		return nil, fmt.Errorf("%s: unknown key %q (want container, volume, secret, configMap or unread)", PlaceholdersFile, unknown[0])
	}
	return p, nil
}

func parseFieldPath(s string) (fieldPath, error) {
	var fp fieldPath
	for s != "" {
		var step pathStep
		var seg string
		if strings.HasPrefix(s, "{") {
			end := strings.IndexByte(s, '}')
			if end < 0 {
				return nil, fmt.Errorf("unclosed {")
			}
			seg, s = s[1:end], s[end+1:]
			step.fields = strings.Split(seg, ",")
		} else {
			end := strings.IndexAny(s, ".[")
			if end < 0 {
				end = len(s)
			}
			seg, s = s[:end], s[end:]
			step.fields = []string{seg}
		}
		for _, f := range step.fields {
			if f == "" {
				return nil, fmt.Errorf("empty field name")
			}
		}
		if strings.HasPrefix(s, "[]") {
			step.list, s = true, s[2:]
		}
		if s != "" {
			if s[0] != '.' {
				return nil, fmt.Errorf("want . after %q", seg)
			}
			s = s[1:]
			if s == "" {
				return nil, fmt.Errorf("ends with .")
			}
		}
		fp = append(fp, step)
	}
	if len(fp) == 0 {
		return nil, fmt.Errorf("empty path")
	}
	return fp, nil
}

// names is the real names of one template, in placeholder order: for
// restore, the placeholder of each and its name.
type names struct {
	pairs []string // placeholder, name, placeholder, name, ...
}

// shape returns pod with every name in a placeholder field replaced, and the
// names replaced; ok is false when some name is not plain (then pod must be
// evaluated as it is). pod is not modified: what changes is copied.
func (p *placeholders) shape(pod map[string]any) (map[string]any, names, bool) {
	pod, n, ok := p.rename(pod, func(letter byte, i int, _ string) string {
		return placeholderMark + string(letter) + strconv.Itoa(i) + "@"
	})
	for _, f := range p.unread {
		if v, changed := rewrite(pod, f, dropValue); changed {
			pod = v.(map[string]any)
		}
	}
	return pod, n, ok
}

// dropped is what dropValue returns: rewrite deletes the field.
type dropped struct{}

func dropValue(any) (any, bool) { return dropped{}, true }

// rename returns pod with each name in a placeholder field replaced by
// newName(the letter of its kind, the order in which it first appears among
// the names of its kind, the name), and the pairs new name, old name.
func (p *placeholders) rename(pod map[string]any, newName func(letter byte, i int, old string) string) (_ map[string]any, _ names, ok bool) {
	var out names
	plain := true
	for _, k := range p.kinds {
		index := map[string]string{} // name -> new name
		replace := func(v any) (any, bool) {
			s, isString := v.(string)
			if !isString {
				return v, false
			}
			if !namePlain(s) {
				plain = false
				return v, false
			}
			nn, seen := index[s]
			if !seen {
				nn = newName(k.letter, len(index), s)
				index[s] = nn
				out.pairs = append(out.pairs, nn, s)
			}
			return nn, nn != s
		}
		for _, f := range k.fields {
			if v, changed := rewrite(pod, f, replace); changed {
				pod = v.(map[string]any)
			}
		}
	}
	return pod, out, plain
}

// rewrite returns v with each value at path replaced by what fn returns
// for it, and whether anything changed (fn says whether it changed a
// value), copying every map and list it changes; v itself is not modified.
// A field whose new value is dropped{} is deleted.
func rewrite(v any, path fieldPath, fn func(any) (any, bool)) (any, bool) {
	if len(path) == 0 {
		return fn(v)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return v, false
	}
	step := path[0]
	var out map[string]any
	for _, f := range step.fields {
		child, present := m[f]
		if !present {
			continue
		}
		var next any
		if step.list {
			list, isList := child.([]any)
			if !isList {
				continue
			}
			var copied []any
			for i, e := range list {
				ne, changed := rewrite(e, path[1:], fn)
				if changed && copied == nil {
					copied = slices.Clone(list)
				}
				if changed {
					copied[i] = ne
				}
			}
			if copied == nil {
				continue
			}
			next = copied
		} else {
			nc, changed := rewrite(child, path[1:], fn)
			if !changed {
				continue
			}
			next = nc
		}
		if out == nil {
			out = cloneMap(m)
		}
		if _, drop := next.(dropped); drop {
			delete(out, f)
		} else {
			out[f] = next
		}
	}
	if out == nil {
		return v, false
	}
	return out, true
}

// namePlain reports whether a name may be replaced: it has only the
// characters of the names the API server accepts (letters, digits, '-', '.'
// and '_'), so that no check's formatting (%q, json.marshal) prints it
// otherwise than its placeholder, and it cannot contain a placeholder.
func namePlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}

// restore returns the shape's verdict v with this template's names put back
// in every message, path, value and reason. v is not modified; a verdict
// without a placeholder in it is returned as it is.
func (n names) restore(v *verdict) *verdict {
	if len(n.pairs) == 0 || !v.mentions(placeholderMark) {
		return v
	}
	return n.replace(v, placeholderMark)
}

// replace returns v with every new name of n replaced by its old name, in
// the strings that contain mark.
func (n names) replace(v *verdict, mark string) *verdict {
	r := strings.NewReplacer(n.pairs...)
	put := func(s string) string {
		if !strings.Contains(s, mark) {
			return s
		}
		return r.Replace(s)
	}
	out := &verdict{resource: v.resource}
	if v.findings != nil {
		out.findings = make([]Finding, len(v.findings))
		for i, f := range v.findings {
			f.Message = put(f.Message)
			f.Path = put(f.Path)
			f.Value = restoreValue(f.Value, put)
			out.findings[i] = f
		}
	}
	out.skips = restoreReasons(v.skips, put)
	out.unknowns = restoreReasons(v.unknowns, put)
	out.errs = restoreReasons(v.errs, put)
	return out
}

func restoreReasons(m map[string]string, put func(string) string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = put(v)
	}
	return out
}

func restoreValue(v any, put func(string) string) any {
	switch x := v.(type) {
	case string:
		return put(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = restoreValue(e, put)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[put(k)] = restoreValue(e, put)
		}
		return out
	}
	return v
}

// mentions reports whether any text of v holds mark.
func (v *verdict) mentions(mark string) bool {
	for _, f := range v.findings {
		if strings.Contains(f.Message, mark) || strings.Contains(f.Path, mark) || valueMentions(f.Value, mark) {
			return true
		}
	}
	for _, m := range []map[string]string{v.skips, v.unknowns, v.errs} {
		for _, s := range m {
			if strings.Contains(s, mark) {
				return true
			}
		}
	}
	return false
}

func valueMentions(v any, mark string) bool {
	switch x := v.(type) {
	case string:
		return strings.Contains(x, mark)
	case []any:
		for _, e := range x {
			if valueMentions(e, mark) {
				return true
			}
		}
	case map[string]any:
		for k, e := range x {
			if strings.Contains(k, mark) || valueMentions(e, mark) {
				return true
			}
		}
	}
	return false
}
