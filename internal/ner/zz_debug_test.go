package ner

import (
	"os"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/ner/tagger"
)

func TestZZDebug(t *testing.T) {
	txt := os.Getenv("NERDBG")
	if txt == "" {
		t.Skip()
	}
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(txt, "\n") {
		toks := tagger.Tokenize(line, 0, len(line), nil)
		words := make([]string, len(toks))
		for i := range toks {
			words[i] = toks[i].Text
		}
		flags := make([]uint32, len(words))
		r.gaz.Annotate(words, flags, nil)
		tags := make([]uint8, len(words))
		r.model.Tag(words, flags, tags)
		var b strings.Builder
		for i, w := range words {
			b.WriteString(w)
			if tags[i] != 0 {
				b.WriteString("/" + tagger.TagName(tags[i]))
			}
			b.WriteString(" ")
		}
		t.Log(b.String())
	}
}
