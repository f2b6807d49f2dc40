package ner

import (
	"testing"

	"github.com/copydesk/copydesk/internal/ner/gazetteer"
	"github.com/copydesk/copydesk/internal/ner/tagger"
)

func BenchmarkZZStages(b *testing.B) {
	r := recognizer(b)
	text := seedText(b)
	segs := segments(text, nil)
	var toks []tagger.Token
	var bounds []int
	prep := func() {
		toks = toks[:0]
		bounds = append(bounds[:0], 0)
		for _, sg := range segs {
			toks = tagger.Tokenize(text, sg.Start, sg.End, toks)
			bounds = append(bounds, len(toks))
		}
	}
	prep()
	words := make([]string, len(toks))
	for i := range toks {
		words[i] = toks[i].Text
	}
	flags := make([]uint32, len(toks))
	tags := make([]uint8, len(toks))
	var ms []gazetteer.Match
	b.Run("tokenize", func(b *testing.B) {
		for b.Loop() {
			prep()
		}
	})
	b.Run("annotate", func(b *testing.B) {
		for b.Loop() {
			ms = ms[:0]
			for k := 0; k+1 < len(bounds); k++ {
				ms = r.gaz.Annotate(words[bounds[k]:bounds[k+1]], flags[bounds[k]:bounds[k+1]], ms)
			}
		}
	})
	b.Run("tag", func(b *testing.B) {
		for b.Loop() {
			for k := 0; k+1 < len(bounds); k++ {
				r.model.Tag(words[bounds[k]:bounds[k+1]], flags[bounds[k]:bounds[k+1]], tags[bounds[k]:bounds[k+1]])
			}
		}
	})
	b.Run("tagall", func(b *testing.B) {
		for b.Loop() {
			for k := 0; k+1 < len(bounds); k++ {
				r.model.TagAll(words[bounds[k]:bounds[k+1]], flags[bounds[k]:bounds[k+1]], tags[bounds[k]:bounds[k+1]])
			}
		}
	})
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			r.Entities(text, segs)
		}
	})
	b.Logf("tokens %d sentences %d", len(toks), len(bounds)-1)
}
