package manifests

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"

	"sigs.k8s.io/yaml"
)

// yamlEvents receive what splitYAML finds in a YAML stream.
type yamlEvents struct {
	// doc receives a whole document (its text, separators excluded) and
	// the line it starts on (1-based).
	doc func(data []byte, line int) error
	// list says that a document is a List whose items follow one by one.
	list func() error
	// item receives one item of that List, de-indented to stand alone,
	// and the line its entry starts on.
	item func(data []byte, index, line int) error
	// broken says that the rest of the List's items could not be cut from
	// the text: a line breaks their indentation.
	broken func(err error) error
}

// splitYAML reads a YAML stream line by line and cuts it into documents at
// "---" lines, as k8s.io/apimachinery's YAML reader does. A document that
// is a List in block style, as `kubectl get -o yaml` writes it (a top-level
// "items:" key followed by a block sequence), is not held whole: each item
// is handed over as soon as it has been read, and the List's other keys are
// dropped. Any other document, flow-style Lists included, is handed over
// whole. The items are cut from the text by indentation only; the parser
// that reads each one validates it.
func splitYAML(r *bufio.Reader, ev yamlEvents) error {
	s := &yamlSplitter{ev: ev}
	for {
		line, err := readLine(r)
		if err == io.EOF && len(line) > 0 && line[len(line)-1] != '\n' {
			// The last line ends the text without a line break: give it
			// one, as the apimachinery reader does.
			line = append(line[:len(line):len(line)], '\n')
		}
		if len(line) > 0 || err == nil {
			if perr := s.line(line); perr != nil {
				return perr
			}
		}
		if err == io.EOF {
			return s.endDoc()
		}
		if err != nil {
			return err
		}
	}
}

// readLine returns the next line with its newline, or what is left at the
// end; the slice is valid until the next call.
func readLine(r *bufio.Reader) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	if !errors.Is(err, bufio.ErrBufferFull) {
		return line, err
	}
	long := append([]byte(nil), line...)
	for errors.Is(err, bufio.ErrBufferFull) {
		line, err = r.ReadSlice('\n')
		long = append(long, line...)
	}
	return long, err
}

type yamlState int

const (
	inDoc      yamlState = iota // reading a document to hand over whole
	afterItems                  // after "items:", before the first entry
	inItems                     // in the items' block sequence
	afterList                   // the List's keys after its items: dropped
)

type yamlSplitter struct {
	ev    yamlEvents
	state yamlState
	doc   []byte // the document so far (inDoc, afterItems)

	lines     int    // lines read
	docLine   int    // the line the current document starts on
	itemLine  int    // the line the current item starts on
	tail      []byte // the List's keys after its items (afterList), checked at its end
	broken    bool   // the current List's items could not all be cut
	seqIndent int    // column of the entries' "-"
	item      []byte // the current item, nil when none is open
	items     int    // items handed over
	// headKind: the List's text before its items has a top-level kind.
	// kubectl writes kind after the items; a List with kind on neither
	// side was cut short.
	headKind bool
}

// isSeparator mirrors the apimachinery YAML reader: a line that starts with
// "---" and has nothing after it but blanks or a comment.
func isSeparator(line []byte) bool {
	if !bytes.HasPrefix(line, []byte("---")) {
		return false
	}
	rest := bytes.TrimSpace(line[3:])
	return len(rest) == 0 || rest[0] == '#'
}

// indentOf counts the spaces a line starts with, and says whether the line
// is blank or only a comment.
func indentOf(line []byte) (n int, empty bool) {
	for n < len(line) && line[n] == ' ' {
		n++
	}
	rest := bytes.TrimSpace(line[n:])
	return n, len(rest) == 0 || rest[0] == '#'
}

// isItemsKey reports whether a line opens a top-level block "items:".
func isItemsKey(line []byte) bool {
	if !bytes.HasPrefix(line, []byte("items:")) {
		return false
	}
	rest := line[len("items:"):]
	if len(rest) > 0 && rest[0] != ' ' && rest[0] != '\r' && rest[0] != '\n' {
		return false // "items:x" is a scalar; a comment needs a blank before it
	}
	rest = bytes.TrimSpace(rest)
	return len(rest) == 0 || rest[0] == '#'
}

// entry reports whether a line at the sequence's column is an entry: "- x"
// or "-" ("-x" is a scalar).
func entry(line []byte, col int) bool {
	if col >= len(line) || line[col] != '-' {
		return false
	}
	rest := line[col+1:]
	return len(bytes.TrimSpace(rest)) == 0 || rest[0] == ' '
}

func (s *yamlSplitter) line(line []byte) error {
	s.lines++
	if isSeparator(line) {
		return s.endDoc()
	}
	indent, empty := indentOf(line)
	switch s.state {
	case inDoc:
		if len(s.doc) == 0 {
			s.docLine = s.lines
		}
		s.doc = append(s.doc, line...)
		if isItemsKey(line) {
			s.state = afterItems
		}
	case afterItems:
		if empty {
			s.doc = append(s.doc, line...)
			return nil
		}
		if entry(line, indent) {
			// A block sequence: stream it.
			s.headKind = topLevelKind.Match(s.doc)
			s.doc = nil
			s.state, s.seqIndent, s.items, s.broken = inItems, indent, 0, false
			if err := s.ev.list(); err != nil {
				return err
			}
			s.open(line)
			return nil
		}
		// items is null or a mapping: not a List to stream.
		s.doc = append(s.doc, line...)
		s.state = inDoc
	case inItems:
		switch {
		case indent == s.seqIndent && !empty:
			if entry(line, indent) {
				if err := s.closeItem(); err != nil {
					return err
				}
				s.open(line)
				return nil
			}
			if s.seqIndent > 0 {
				// Items indented under "items:" end only at the left
				// margin: a key at their column is a YAML error.
				s.state = afterList
				if err := s.closeItem(); err != nil {
					return err
				}
				return s.breakList("it is not an entry of items")
			}
			return s.endItems(line)
		case indent < s.seqIndent && !empty:
			return s.endItems(line)
		}
		s.add(line, indent)
	case afterList:
		s.tail = append(s.tail, line...)
		if indent == s.seqIndent && entry(line, indent) {
			return s.breakList("an entry of items follows the List's other keys")
		}
		if isItemsKey(line) {
			return s.breakList("the List has a second items key")
		}
	}
	return nil
}

// endItems ends the items at a line left of them, which should be the
// List's next key. Anything else (a quoted or flow scalar going on at the
// left margin, which libyaml tolerates) leaves the rest of the items to
// the document's reader to report.
func (s *yamlSplitter) endItems(line []byte) error {
	s.state = afterList
	if err := s.closeItem(); err != nil {
		return err
	}
	indent, _ := indentOf(line)
	if !looksLikeKey(line[indent:]) {
		return s.breakList("it is not a key of the List")
	}
	s.tail = append(s.tail[:0], line...)
	return nil
}

// topLevelKind matches a kind key at the left margin.
var topLevelKind = regexp.MustCompile(`(?m)^kind\s*:`)

// cutShort reports a List that ends with no kind before or after its
// items: kubectl writes "kind: List" after them, so the text was cut, and
// its last item may be too.
func (s *yamlSplitter) cutShort() error {
	if s.broken {
		return nil
	}
	s.broken = true
	return s.ev.broken(fmt.Errorf("the List ends at line %d with no kind before or after its items (kubectl writes kind: List after them): the text is cut short, and items[%d] may be incomplete", s.lines, s.items-1))
}

// breakList reports, once per List, that its items could not all be read.
func (s *yamlSplitter) breakList(why string) error {
	if s.broken {
		return nil
	}
	s.broken = true
	return s.ev.broken(fmt.Errorf("line %d breaks the indentation of items, and %s: the items after items[%d] were not read", s.lines, why, s.items-1))
}

// looksLikeKey reports whether text (a line less its indentation) starts a
// mapping entry: a plain or quoted key, a colon, then a blank or the end.
func looksLikeKey(text []byte) bool {
	if len(text) == 0 || bytes.IndexByte([]byte("[]{},-#|>!&*%@`"), text[0]) >= 0 {
		return false
	}
	i := bytes.Index(text, []byte(":"))
	for i >= 0 {
		if i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\r' || text[i+1] == '\n' {
			return true
		}
		next := bytes.Index(text[i+1:], []byte(":"))
		if next < 0 {
			return false
		}
		i += 1 + next
	}
	return false
}

// open starts an item from its entry line. Every line of an item loses
// the columns left of the entry's "-", and the "-" becomes a blank: the item
// is then a document whose root node keeps its indentation within the
// entry (at least one column, which a block scalar at the root needs).
func (s *yamlSplitter) open(line []byte) {
	s.itemLine = s.lines
	s.item = append(make([]byte, 0, 4096), line[s.seqIndent:]...)
	s.item[0] = ' '
}

// add appends a line of the current item. A line left of the item is
// blank or a comment (the others end the items).
func (s *yamlSplitter) add(line []byte, indent int) {
	if s.item == nil {
		return
	}
	if indent > s.seqIndent {
		s.item = append(s.item, line[s.seqIndent:]...)
		return
	}
	// Keep the line break (block scalars count them), drop the comment.
	s.item = append(s.item, '\n')
}

func (s *yamlSplitter) closeItem() error {
	if s.item == nil {
		return nil
	}
	item := s.item
	s.item = nil
	i := s.items
	s.items++
	return s.ev.item(item, i, s.itemLine)
}

// endDoc hands over what the current document holds and starts the next.
func (s *yamlSplitter) endDoc() error {
	var err error
	switch s.state {
	case inDoc, afterItems:
		if len(s.doc) > 0 {
			err = s.ev.doc(s.doc, s.docLine)
		}
	case inItems:
		err = s.closeItem()
		if err == nil && !s.headKind {
			err = s.cutShort()
		}
	case afterList:
		// The List's keys after its items are dropped, but they must
		// parse: text cut short or broken there may hide items.
		var v any
		if perr := yaml.Unmarshal(s.tail, &v); perr != nil && err == nil {
			err = s.breakList("the List's text after its items does not parse (" + perr.Error() + ")")
		}
		if err == nil && !s.headKind && !topLevelKind.Match(s.tail) {
			err = s.cutShort()
		}
	}
	s.state, s.doc, s.item, s.tail, s.broken = inDoc, nil, nil, nil, false
	return err
}
