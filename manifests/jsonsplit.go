package manifests

import (
	"fmt"
	"io"
)

// splitJSON reads a stream of JSON values and hands each object to emit
// without decoding it. An object with a top-level "items" array (a List, as
// kubectl get -o json writes it) is not emitted itself: each of its items is,
// with its index, as soon as it has been read, so a large List is never held
// in memory whole. A top-level array is treated the same way. item is -1 for
// a value that is not from a List. The text is only delimited here, not
// validated: the decoder that reads each item does that.
func splitJSON(r io.Reader, emit func(doc []byte, item int)) error {
	s := &jsonScanner{r: r, buf: make([]byte, 0, 1<<20)}
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
	r   io.Reader
	buf []byte
	pos int
	off int64
	eof bool
}

func (s *jsonScanner) errorf(format string, args ...any) error {
	return fmt.Errorf("JSON at byte %d: %s", s.off+int64(s.pos), fmt.Sprintf(format, args...))
}

// fill reads more input into the window, keeping buf[keep:]; it returns
// io.EOF when there is no more.
func (s *jsonScanner) fill(keep int) error {
	if s.eof {
		return io.EOF
	}
	if keep > 0 {
		n := copy(s.buf, s.buf[keep:])
		s.buf = s.buf[:n]
		s.pos -= keep
		s.off += int64(keep)
	} else if keep == 0 && s.pos == len(s.buf) {
		s.off += int64(len(s.buf))
		s.buf = s.buf[:0]
		s.pos = 0
	}
	if len(s.buf) == cap(s.buf) {
		nb := make([]byte, len(s.buf), 2*cap(s.buf))
		copy(nb, s.buf)
		s.buf = nb
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
	if !isList {
		emit(append(out, '}'), -1)
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
		item, err := s.value([]byte{c}, c)
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

// value appends to out the rest of the value whose first byte c was
// consumed (and is already in out).
func (s *jsonScanner) value(out []byte, c byte) ([]byte, error) {
	depth := 0
	inString := false
	switch c {
	case '"':
		inString = true
	case '{', '[':
		depth = 1
	default:
		return s.literal(out)
	}
	for {
		start := s.pos
		i := s.pos
		for ; i < len(s.buf); i++ {
			b := s.buf[i]
			if inString {
				switch b {
				case '\\':
					i++ // skip the escaped byte (may run past the window; handled below)
				case '"':
					inString = false
					if depth == 0 {
						i++
						out = append(out, s.buf[start:i]...)
						s.pos = i
						return out, nil
					}
				}
				continue
			}
			switch b {
			case '"':
				inString = true
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					i++
					out = append(out, s.buf[start:i]...)
					s.pos = i
					return out, nil
				}
			}
		}
		if i > len(s.buf) {
			// An escape's backslash ended the window: keep it for the
			// next one, so the escaped byte is skipped there.
			i = len(s.buf) - 1
			inString = true
			out = append(out, s.buf[start:i]...)
			s.pos = i
			if err := s.fill(s.pos); err != nil {
				return out, s.unexpectedEOF(err)
			}
			// Re-read the backslash and the byte it escapes.
			out = append(out, s.buf[s.pos], s.buf[s.pos+1])
			s.pos += 2
			continue
		}
		out = append(out, s.buf[start:]...)
		s.pos = len(s.buf)
		if err := s.fill(s.pos); err != nil {
			return out, s.unexpectedEOF(err)
		}
	}
}

// literal appends a number, true, false or null up to the next delimiter.
func (s *jsonScanner) literal(out []byte) ([]byte, error) {
	for {
		for s.pos < len(s.buf) {
			switch c := s.buf[s.pos]; c {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return out, nil
			default:
				out = append(out, c)
				s.pos++
			}
		}
		if err := s.fill(s.pos); err != nil {
			if err == io.EOF {
				return out, nil
			}
			return out, err
		}
	}
}
