package report

import (
	"strings"
	"testing"
)

func TestWrapText(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"short", 20, "short"},
		{"one two three four", 10, "one two\nthree four"},
		{"one two three four", 12, "one two\nthree four"},
		{"keep\nbreaks", 20, "keep\nbreaks"},
		{"at spec.template.spec.containers[1].securityContext.privileged", 40,
			"at spec.template.spec.containers[1].\nsecurityContext.privileged"},
		{"xxxxxxxxxxxxxxxxxxxxxxxxx", 10, "xxxxxxxxxx\nxxxxxxxxxx\nxxxxx"},
	}
	for _, tt := range tests {
		got := wrapText(tt.in, tt.width)
		if got != tt.want {
			t.Errorf("wrapText(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
		for _, l := range strings.Split(got, "\n") {
			if len(l) > tt.width {
				t.Errorf("line %q is longer than %d", l, tt.width)
			}
		}
	}
}
