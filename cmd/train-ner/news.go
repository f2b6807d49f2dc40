package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/copydesk/copydesk/internal/ner/corpus"
	"github.com/copydesk/copydesk/internal/ner/tagger"
	"github.com/copydesk/copydesk/internal/segment"
)

// newsDoc is one line of a hand-annotated news file
// (internal/ner/testdata/news-*.jsonl).
type newsDoc struct {
	Text     string `json:"text"`
	Entities []struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Type  string `json:"type"`
	} `json:"entities"`
}

// readNews turns hand-annotated news files into training sentences,
// split and tokenized exactly as the recognizer splits and tokenizes
// article text: internal/segment's sentences, tagger.Tokenize's tokens.
// A token inside an entity span takes its type (B- on the span's first
// token, I- after); a sentence with a token that straddles a span's edge
// is dropped, since its labels would not match what the tagger sees.
func readNews(paths []string) ([]corpus.Sentence, error) {
	var out []corpus.Sentence
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("news training file: %w", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		line := 0
		for sc.Scan() {
			line++
			var d newsDoc
			if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
				f.Close()
				return nil, fmt.Errorf("%s:%d: %w", p, line, err)
			}
			out = append(out, newsSentences(d)...)
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", p, err)
		}
	}
	return out, nil
}

func newsSentences(d newsDoc) []corpus.Sentence {
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
