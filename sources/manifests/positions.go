package manifests

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// maxLocateBytes bounds the files Locator reads again: a cluster dump of
// hundreds of megabytes is not parsed a second time for positions.
const maxLocateBytes = 16 << 20

// Locator finds where a field of an object read from a YAML (or JSON, which
// is YAML) manifest is,
// for reports that point at it (SARIF): it reads the file again, parses the
// document the object starts on with positions, and follows the finding's
// field path (spec.template.spec.containers[0].securityContext.privileged,
// metadata.annotations["key"]) as far as it exists: a field that is absent
// (the finding is that it is not set) is placed at its nearest ancestor.
// Files are parsed once. It never fails: when it cannot tell, ok is false.
type Locator struct {
	files map[string]*located
}

type located struct {
	docs []locatedDoc // nil when the file could not be read or is too large
}

type locatedDoc struct {
	start int // the line the document starts on
	root  *yaml.Node
}

// Locate returns the line and column (1-based) of path in the object that
// starts on line of file.
func (l *Locator) Locate(file string, line int, path string) (int, int, bool) {
	if l.files == nil {
		l.files = map[string]*located{}
	}
	f, ok := l.files[file]
	if !ok {
		f = parseForPositions(file)
		l.files[file] = f
	}
	obj := f.object(line)
	if obj == nil {
		return 0, 0, false
	}
	n, at := obj, obj
	for _, seg := range pathSegments(path) {
		key, next := child(n, seg)
		if next == nil {
			break
		}
		n, at = next, key
	}
	return at.Line, at.Column, true
}

func parseForPositions(file string) *located {
	fi, err := os.Stat(file)
	if err != nil || fi.Size() > maxLocateBytes || strings.HasSuffix(file, ".gz") {
		return &located{}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return &located{}
	}
	out := &located{}
	// Cut at "---" lines as the reader does, remembering where each
	// document starts.
	var doc bytes.Buffer
	start, lineNo := 1, 0
	flush := func() {
		if doc.Len() > 0 {
			var root yaml.Node
			if yaml.Unmarshal(doc.Bytes(), &root) == nil && len(root.Content) == 1 {
				shift(root.Content[0], start-1)
				out.docs = append(out.docs, locatedDoc{start: start, root: root.Content[0]})
			}
		}
		doc.Reset()
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), maxLocateBytes)
	for sc.Scan() {
		lineNo++
		text := sc.Bytes()
		if isSeparator(text) {
			flush()
			start = lineNo + 1
			continue
		}
		if doc.Len() == 0 {
			start = lineNo
		}
		doc.Write(text)
		doc.WriteByte('\n')
	}
	flush()
	return out
}

// shift moves every node's line by n (a document's lines are its own).
func shift(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		shift(c, by)
	}
}

// object is the mapping of the object that starts on line: a document, or
// an item of a List document.
func (f *located) object(line int) *yaml.Node {
	for _, d := range f.docs {
		if d.start == line && d.root.Kind == yaml.MappingNode {
			return d.root
		}
		if _, items := child(d.root, "items"); items != nil && items.Kind == yaml.SequenceNode {
			for _, it := range items.Content {
				if it.Line == line && it.Kind == yaml.MappingNode {
					return it
				}
			}
		}
	}
	return nil
}

// child is, in a mapping, the key node and value of seg; in a sequence, the
// element at an index ("[3]") twice. The key is where a report points.
func child(n *yaml.Node, seg string) (*yaml.Node, *yaml.Node) {
	if n == nil {
		return nil, nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == seg {
				return n.Content[i], n.Content[i+1]
			}
		}
	case yaml.SequenceNode:
		if i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(seg, "["), "]")); err == nil && strings.HasPrefix(seg, "[") && i >= 0 && i < len(n.Content) {
			return n.Content[i], n.Content[i]
		}
	}
	return nil, nil
}

// pathSegments splits a finding's path: names between dots, "[N]" indices,
// and ["quoted key"] members.
func pathSegments(path string) []string {
	var out []string
	for i := 0; i < len(path); {
		switch path[i] {
		case '.':
			i++
		case '[':
			if i+1 < len(path) && path[i+1] == '"' {
				// A JSON-quoted key up to the closing "].
				end := strings.Index(path[i:], `"]`)
				if end < 0 {
					return out
				}
				key, err := strconv.Unquote(path[i+1 : i+end+1])
				if err != nil {
					return out
				}
				out = append(out, key)
				i += end + 2
				continue
			}
			end := strings.IndexByte(path[i:], ']')
			if end < 0 {
				return out
			}
			out = append(out, path[i:i+end+1])
			i += end + 1
		default:
			end := strings.IndexAny(path[i:], ".[")
			if end < 0 {
				end = len(path) - i
			}
			out = append(out, path[i:i+end])
			i += end
		}
	}
	return out
}
