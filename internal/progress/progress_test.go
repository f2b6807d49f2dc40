package progress_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/progress"
)

// TestPlainLines checks the output for a pipe or a file: about ten lines,
// the last one at the total, no bar.
func TestPlainLines(t *testing.T) {
	var buf bytes.Buffer
	r := progress.New(&buf, "eval", 181)
	for i := 0; i < 181; i++ {
		r.Step("page")
	}
	r.Finish()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) < 9 || len(lines) > 12 {
		t.Fatalf("%d lines, want about ten:\n%s", len(lines), buf.String())
	}
	if lines[0] != "eval: 1/181 page" || lines[len(lines)-1] != "eval: 181/181 page" {
		t.Errorf("first %q, last %q", lines[0], lines[len(lines)-1])
	}

	buf.Reset()
	r = progress.New(&buf, "small", 3)
	for _, s := range []string{"a", "b", "c"} {
		r.Step(s)
	}
	if got := buf.String(); got != "small: 1/3 a\nsmall: 2/3 b\nsmall: 3/3 c\n" {
		t.Errorf("small total: %q, want every step", got)
	}
}
