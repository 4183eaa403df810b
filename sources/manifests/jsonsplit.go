package manifests

import (
	"bytes"
	"fmt"
	"io"
)

// splitJSON reads a stream of JSON values and hands each object to emit
// without decoding it. An object with a top-level "items" array (a List, as
// kubectl get -o json writes it) is not emitted itself: each of its items is,
// with its index, as soon as it has been read, so a large List is never held
// in memory whole. A top-level array is treated the same way. item is -1 for
// a value that is not from a List. The text is only delimited here, not
// validated: the decoder that reads each item does that. Each document is
// handed over as a slice of the read window, which is never written again:
// emit may keep it.
func splitJSON(r io.Reader, emit func(doc []byte, item int)) error {
	return splitJSONWindow(r, 1<<20, emit)
}

// splitJSONWindow is splitJSON reading through windows of at least size
// bytes (small in tests, to move the window often).
func splitJSONWindow(r io.Reader, size int, emit func(doc []byte, item int)) error {
	return splitJSONLists(r, size, emit, nil)
}

// splitJSONLists is splitJSONWindow that also hands each List, less its
// items, to rest (when not nil) once its items were emitted.
func splitJSONLists(r io.Reader, size int, emit func(doc []byte, item int), rest func([]byte)) error {
	return (&jsonScanner{r: r, window: size, rest: rest}).split(emit)
}

// splitJSONListsLines is splitJSONLists that also says the line (1-based)
// each document or item starts on.
func splitJSONListsLines(r io.Reader, size int, emit func(doc []byte, item, line int), rest func([]byte)) error {
	s := &jsonScanner{r: r, window: size, rest: rest, countLines: true}
	return s.split(func(doc []byte, item int) { emit(doc, item, s.docLine) })
}

func (s *jsonScanner) split(emit func(doc []byte, item int)) error {
	for {
		c, err := s.skipSpace()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch c {
		case '{':
			if err := s.topObject(emit); err != nil {
				return err
			}
		case '[':
			if err := s.items(emit); err != nil {
				return err
			}
		default:
			return s.errorf("expected '{' or '[', found %q", c)
		}
	}
}

// jsonScanner walks a byte window over r. pos is the next unread byte of
// buf; off is the stream offset of buf[0].
type jsonScanner struct {
	r      io.Reader
	buf    []byte
	pos    int
	off    int64
	eof    bool
	window int // the smallest window
	// rest, when set, receives each List without its items.
	rest func([]byte)
	// countLines: docLine is the line the document or item being emitted
	// starts on; lines counts the line breaks before buf[nlPos].
	countLines bool
	docLine    int
	lines      int
	nlPos      int
}

// lineAt is the line (1-based) of buf[idx], counting forward from where the
// last count stopped.
func (s *jsonScanner) lineAt(idx int) int {
	if idx > s.nlPos {
		s.lines += bytes.Count(s.buf[s.nlPos:idx], []byte{'\n'})
		s.nlPos = idx
	}
	return s.lines + 1
}

func (s *jsonScanner) errorf(format string, args ...any) error {
	return fmt.Errorf("JSON at byte %d: %s", s.off+int64(s.pos), fmt.Sprintf(format, args...))
}

// fill reads more input after the end of the window, keeping buf[keep:];
// it returns io.EOF when there is no more. Bytes before the end are never
// written again, so that the documents already handed out stay valid: a
// full window is replaced by a new one that starts with buf[keep:].
func (s *jsonScanner) fill(keep int) error {
	if s.eof {
		return io.EOF
	}
	if len(s.buf) == cap(s.buf) {
		if s.countLines {
			// The bytes before keep leave the window: count their lines.
			s.lineAt(keep)
			s.nlPos -= keep
		}
		rest := s.buf[keep:]
		nb := make([]byte, len(rest), max(s.window, 2*len(rest)))
		copy(nb, rest)
		s.buf = nb
		s.pos -= keep
		s.off += int64(keep)
	}
	for {
		n, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
		s.buf = s.buf[:len(s.buf)+n]
		if err == io.EOF {
			s.eof = true
			if n == 0 {
				return io.EOF
			}
			return nil
		}
		if err != nil || n > 0 {
			return err
		}
	}
}

func (s *jsonScanner) skipSpace() (byte, error) {
	for {
		for s.pos < len(s.buf) {
			c := s.buf[s.pos]
			s.pos++
			switch c {
			case ' ', '\t', '\n', '\r':
				continue
			}
			return c, nil
		}
		if err := s.fill(s.pos); err != nil {
			return 0, err
		}
	}
}

func (s *jsonScanner) unexpectedEOF(err error) error {
	if err == io.EOF {
		return s.errorf("unexpected end of input")
	}
	return err
}

// topObject reads an object whose '{' was consumed. Its "items" array, if
// any, is streamed; the rest is kept to be emitted when there is none.
func (s *jsonScanner) topObject(emit func([]byte, int)) error {
	startLine := 0
	if s.countLines {
		startLine = s.lineAt(s.pos - 1)
	}
	out := []byte{'{'}
	isList := false
	for first := true; ; first = false {
		c, err := s.skipSpace()
		if err != nil {
			return s.unexpectedEOF(err)
		}
		if c == '}' && first {
			break
		}
		if c != '"' {
			return s.errorf("expected a member name, found %q", c)
		}
		start := len(out)
		if out, err = s.value(append(out, '"'), '"'); err != nil {
			return err
		}
		key := string(out[start:])
		if c, err = s.skipSpace(); err != nil {
			return s.unexpectedEOF(err)
		}
		if c != ':' {
			return s.errorf("expected ':' after %s, found %q", key, c)
		}
		out = append(out, ':')
		if c, err = s.skipSpace(); err != nil {
			return s.unexpectedEOF(err)
		}
		if key == `"items"` && c == '[' {
			isList = true
			if err := s.items(emit); err != nil {
				return err
			}
			out = append(out, '[', ']')
		} else if out, err = s.value(append(out, c), c); err != nil {
			return err
		}
		if c, err = s.skipSpace(); err != nil {
			return s.unexpectedEOF(err)
		}
		if c == '}' {
			break
		}
		if c != ',' {
			return s.errorf("expected ',' or '}', found %q", c)
		}
		out = append(out, ',')
	}
	out = append(out, '}')
	switch {
	case !isList:
		s.docLine = startLine
		emit(out, -1)
	case s.rest != nil:
		s.rest(out)
	}
	return nil
}

// items streams the elements of an array whose '[' was consumed.
func (s *jsonScanner) items(emit func([]byte, int)) error {
	for i := 0; ; i++ {
		c, err := s.skipSpace()
		if err != nil {
			return s.unexpectedEOF(err)
		}
		if c == ']' && i == 0 {
			return nil
		}
		item, err := s.span(c)
		if err != nil {
			return err
		}
		if s.countLines {
			s.docLine = s.lineAt(s.pos - len(item))
		}
		emit(item, i)
		if c, err = s.skipSpace(); err != nil {
			return s.unexpectedEOF(err)
		}
		if c == ']' {
			return nil
		}
		if c != ',' {
			return s.errorf("expected ',' or ']' after items[%d], found %q", i, c)
		}
	}
}

// value appends to out the rest of the value whose first byte c was
// consumed (and is already in out).
func (s *jsonScanner) value(out []byte, c byte) ([]byte, error) {
	v, err := s.span(c)
	if len(v) > 0 {
		out = append(out, v[1:]...)
	}
	return out, err
}

// structural marks the bytes that open or close a string, object or array.
var structural = [256]bool{'"': true, '{': true, '}': true, '[': true, ']': true}

// span returns the value whose first byte c was just consumed, as a slice of
// the window. Strings are crossed with bytes.IndexByte; a quote preceded by
// an odd number of backslashes is escaped and does not end them.
func (s *jsonScanner) span(c byte) ([]byte, error) {
	start := s.pos - 1
	depth := 0
	inString := false
	switch c {
	case '"':
		inString = true
	case '{', '[':
		depth = 1
	default:
		return s.literal(start)
	}
	i := s.pos
	for {
		buf := s.buf
		for i < len(buf) {
			if inString {
				j := bytes.IndexByte(buf[i:], '"')
				if j < 0 {
					i = len(buf)
					break
				}
				i += j
				backslashes := 0
				for k := i - 1; k > start && buf[k] == '\\'; k-- {
					backslashes++
				}
				i++
				if backslashes%2 == 1 {
					continue
				}
				inString = false
				if depth == 0 {
					s.pos = i
					return buf[start:i], nil
				}
				continue
			}
			b := buf[i]
			i++
			if !structural[b] {
				continue
			}
			switch b {
			case '"':
				inString = true
			case '{', '[':
				depth++
			default:
				depth--
				if depth == 0 {
					s.pos = i
					return buf[start:i], nil
				}
			}
		}
		// The value goes on past the window: read more, keeping it.
		s.pos = i
		if err := s.fill(start); err != nil {
			return nil, s.unexpectedEOF(err)
		}
		start -= i - s.pos // the window may have moved
		i = s.pos
	}
}

// literal returns a number, true, false or null that starts at start, up to
// the next delimiter.
func (s *jsonScanner) literal(start int) ([]byte, error) {
	for {
		for s.pos < len(s.buf) {
			switch s.buf[s.pos] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return s.buf[start:s.pos], nil
			}
			s.pos++
		}
		pos := s.pos
		err := s.fill(start)
		start -= pos - s.pos // the window may have moved
		if err == io.EOF {
			return s.buf[start:s.pos], nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// SplitList hands each item of a JSON List (a page from an API server's list
// call, say) to emit as it is read, without decoding it, and returns the List
// less its items ({"kind": ..., "metadata": {"continue": ...}, "items": []})
// for its metadata. An item is a slice of data or of a window that is never
// written again: emit may keep it.
func SplitList(r io.Reader, emit func(item []byte, index int)) (list []byte, err error) {
	s := &jsonScanner{r: r, window: 1 << 20, rest: func(b []byte) { list = b }}
	c, err := s.skipSpace()
	if err != nil {
		return nil, s.unexpectedEOF(err)
	}
	if c != '{' {
		return nil, s.errorf("expected a List object, found %q", c)
	}
	if err := s.topObject(emit); err != nil {
		return nil, err
	}
	if list == nil {
		return nil, fmt.Errorf("not a List: the object has no items array")
	}
	return list, nil
}
