package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// Each update of the progress line clears the rest of the line, so that a
// shorter line leaves nothing of the one before; done clears it all.
func TestProgressLineClearsWhatItOverwrites(t *testing.T) {
	var buf bytes.Buffer
	p := &progress{w: &buf, on: true, start: time.Now().Add(-1500 * time.Millisecond)}
	p.listed(3, 19)
	p.update(12000)
	p.start = time.Now()
	p.update(12001)
	p.done()
	updates := strings.Split(buf.String(), "\r")[1:]
	if len(updates) != 4 {
		t.Fatalf("%d writes: %q", len(updates), buf.String())
	}
	for _, u := range updates {
		if !strings.HasSuffix(u, "\x1b[K") {
			t.Errorf("an update does not clear to the end of the line: %q", u)
		}
	}
	if !strings.Contains(updates[1], "3/19 kinds listed, 12000 objects, 1.5s") {
		t.Errorf("update %q", updates[1])
	}
}
