package main

import (
	"fmt"
	"strings"

	"github.com/copydesk/copydesk/internal/ner/corpus"
	"github.com/copydesk/copydesk/internal/ner/tagger"
	"github.com/copydesk/copydesk/internal/segment"
)

// readNews turns hand-annotated news files into training sentences,
// split and tokenized exactly as the recognizer splits and tokenizes
// article text: internal/segment's sentences, tagger.Tokenize's tokens.
// A token inside an entity span takes its type (B- on the span's first
// token, I- after); a sentence with a token that straddles a span's edge
// is dropped, since its labels would not match what the tagger sees.
func readNews(paths []string) ([]corpus.Sentence, error) {
	var out []corpus.Sentence
	for _, p := range paths {
		docs, err := corpus.ReadNews(p)
		if err != nil {
			return nil, fmt.Errorf("news training file: %w", err)
		}
		for _, d := range docs {
			out = append(out, newsSentences(d)...)
		}
	}
	return out, nil
}

func newsSentences(d corpus.NewsDoc) []corpus.Sentence {
	var out []corpus.Sentence
	var toks []tagger.Token
	for _, sg := range segment.Sentences(d.Text) {
		toks = tagger.Tokenize(d.Text, sg.Start, sg.End, toks[:0])
		if len(toks) == 0 {
			continue
		}
		s := corpus.Sentence{Words: make([]string, len(toks)), Labels: make([]string, len(toks))}
		ok := true
		for i, t := range toks {
			s.Words[i] = t.Text
			s.Labels[i] = "O"
			for _, e := range d.Entities {
				switch {
				case t.Start >= e.Start && t.End <= e.End:
					prefix := "I-"
					if i == 0 || toks[i-1].End <= e.Start {
						prefix = "B-"
					}
					s.Labels[i] = prefix + strings.ToUpper(e.Type)
				case t.Start < e.End && t.End > e.Start:
					ok = false
				}
			}
		}
		if ok {
			out = append(out, s)
		}
	}
	return out
}
