package ner

import (
	"os"
	"testing"

	"github.com/copydesk/copydesk/internal/ner/gazetteer"
	"github.com/copydesk/copydesk/internal/ner/tagger"
)

func TestZZStagesDebug(t *testing.T) {
	text := os.Getenv("NERSTAGES")
	if text == "" {
		t.Skip()
	}
	r := recognizer(t)
	segs := segments(text, nil)
	var ss []sentence
	var all []mention
	for _, sg := range segs {
		toks := tagger.Tokenize(text, sg.Start, sg.End, nil)
		s := sentence{toks: toks, words: make([]string, len(toks)), flags: make([]uint32, len(toks)), tags: make([]uint8, len(toks))}
		for i := range toks {
			s.words[i] = toks[i].Text
		}
		s.matches = r.gaz.Annotate(s.words, s.flags, []gazetteer.Match(nil))
		r.model.Tag(s.words, s.flags, s.tags)
		ss = append(ss, s)
		for _, sp := range tagger.Spans(s.tags, nil) {
			all = append(all, mention{s: len(ss) - 1, ts: sp.Start, te: sp.End, typ: sp.Type})
		}
	}
	d := &doc{r: r, text: text, ss: ss}
	show := func(name string) {
		var out []string
		for _, m := range all {
			out = append(out, tagger.TypeNames[m.typ]+":"+d.surface(m))
		}
		t.Logf("%-12s %q", name, out)
	}
	show("tagger")
	all = d.clean(all)
	show("clean")
	all = d.orgContext(all)
	show("orgContext")
	all = d.consistency(all)
	show("consistency")
	all = d.personSupport(all)
	show("support")
	all = d.dropEvents(all)
	show("events")
	all = d.final(all)
	show("final")
	all = d.headlines(all)
	show("headlines")
}
