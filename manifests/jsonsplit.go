package manifests

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// splitJSON reads a stream of JSON values and hands each object to emit
// without decoding it. An object with a top-level "items" array (a List, as
// kubectl get -o json writes it) is not emitted itself: each of its items is,
// with its index, as soon as it has been read, so a large List is never held
// in memory whole. A top-level array is treated the same way. item is -1 for
// a value that is not from a List.
func splitJSON(r *bufio.Reader, emit func(doc []byte, item int)) error {
	s := &jsonScanner{r: r}
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

type jsonScanner struct {
	r   *bufio.Reader
	off int64
}

func (s *jsonScanner) errorf(format string, args ...any) error {
	return fmt.Errorf("JSON at byte %d: %s", s.off, fmt.Sprintf(format, args...))
}

func (s *jsonScanner) next() (byte, error) {
	c, err := s.r.ReadByte()
	if err == nil {
		s.off++
	}
	return c, err
}

func (s *jsonScanner) skipSpace() (byte, error) {
	for {
		c, err := s.next()
		if err != nil {
			return 0, err
		}
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		}
		return c, nil
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
	buf := []byte{'{'}
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
		start := len(buf)
		if buf, err = s.appendString(append(buf, '"')); err != nil {
			return err
		}
		key := string(buf[start:])
		if c, err = s.skipSpace(); err != nil {
			return s.unexpectedEOF(err)
		}
		if c != ':' {
			return s.errorf("expected ':' after %s, found %q", key, c)
		}
		buf = append(buf, ':')
		if c, err = s.skipSpace(); err != nil {
			return s.unexpectedEOF(err)
		}
		if key == `"items"` && c == '[' {
			isList = true
			if err := s.items(emit); err != nil {
				return err
			}
			buf = append(buf, '[', ']')
		} else if buf, err = s.appendValue(buf, c); err != nil {
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
		buf = append(buf, ',')
	}
	if !isList {
		emit(append(buf, '}'), -1)
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
		item, err := s.appendValue(make([]byte, 0, 4096), c)
		if err != nil {
			return err
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

// appendValue appends the raw text of the value starting with c.
func (s *jsonScanner) appendValue(buf []byte, c byte) ([]byte, error) {
	buf = append(buf, c)
	switch c {
	case '"':
		return s.appendString(buf)
	case '{', '[':
		return s.appendNested(buf)
	}
	// A literal: read to the next delimiter.
	for {
		b, err := s.r.Peek(1)
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
		switch b[0] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return buf, nil
		}
		c, _ := s.next()
		buf = append(buf, c)
	}
}

// appendString appends the rest of a string whose opening quote is in buf.
func (s *jsonScanner) appendString(buf []byte) ([]byte, error) {
	for {
		chunk, err := s.r.ReadSlice('"')
		s.off += int64(len(chunk))
		buf = append(buf, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			return buf, s.unexpectedEOF(err)
		}
		// The quote ends the string unless an odd number of backslashes
		// precede it.
		n := 0
		for i := len(buf) - 2; i >= 0 && buf[i] == '\\'; i-- {
			n++
		}
		if n%2 == 0 {
			return buf, nil
		}
	}
}

// appendNested appends the rest of an object or array whose opening bracket
// is in buf, tracking depth outside strings.
func (s *jsonScanner) appendNested(buf []byte) ([]byte, error) {
	depth := 1
	for depth > 0 {
		c, err := s.next()
		if err != nil {
			return buf, s.unexpectedEOF(err)
		}
		buf = append(buf, c)
		switch c {
		case '"':
			if buf, err = s.appendString(buf); err != nil {
				return buf, err
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
	}
	return buf, nil
}
