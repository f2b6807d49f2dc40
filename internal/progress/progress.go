// Package progress shows how far long command-line work has got: a bar
// when the output is a terminal, and otherwise plain lines, at most about
// ten, that read well in logs and CI output.
package progress

import (
	"fmt"
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Reporter counts steps towards a total. It is not safe for concurrent
// use.
type Reporter struct {
	w     io.Writer
	label string
	bar   *progressbar.ProgressBar
	n     int
	total int
	next  int // plain mode: the step at which the next line is printed
}

// New returns a Reporter writing to w (usually os.Stderr) for total steps.
// It draws a bar when w is a terminal.
func New(w io.Writer, label string, total int) *Reporter {
	r := &Reporter{w: w, label: label, total: total, next: 1}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		r.bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(label), progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100_000_000))
	}
	return r
}

// Step records one step done; name says what it was.
func (r *Reporter) Step(name string) {
	r.n++
	if r.bar != nil {
		r.bar.Describe(r.label + " " + name)
		_ = r.bar.Add(1)
		return
	}
	if r.n < r.next && r.n != r.total {
		return
	}
	fmt.Fprintf(r.w, "%s: %d/%d %s\n", r.label, r.n, r.total, name)
	r.next = r.n + max(1, r.total/10)
}

// Clear erases the bar, so that the caller can print a line; the next Step
// draws it again. Plain output needs nothing.
func (r *Reporter) Clear() {
	if r.bar != nil {
		_ = r.bar.Clear()
	}
}

// Finish ends the bar; plain output needs nothing more.
func (r *Reporter) Finish() {
	if r.bar != nil {
		_ = r.bar.Finish()
	}
}
