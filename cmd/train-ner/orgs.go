package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"sort"
	"strings"

	"github.com/copydesk/copydesk/internal/ner/corpus"
)

// orgName is an organisation name of the training data with the number of
// times it is labelled ORG and labelled at all.
type orgName struct {
	name     string
	org, all int
	listed   bool // in the company-name list
}

// orgLexicon collects the ORG spans of the training sentences, keeps the
// names seen at least twice or made of several words, mostly labelled ORG
// and written with a capital, and returns them sorted by name.
func orgLexicon(sents []corpus.Sentence) []orgName {
	counts := map[string]*orgName{}
	for _, s := range sents {
		for i := 0; i < len(s.Words); i++ {
			l := s.Labels[i]
			if !strings.HasPrefix(l, "B-") {
				continue
			}
			j := i + 1
			for j < len(s.Words) && s.Labels[j] == "I-"+l[2:] {
				j++
			}
			name := strings.Join(s.Words[i:j], " ")
			c := counts[name]
			if c == nil {
				c = &orgName{name: name}
				counts[name] = c
			}
			c.all++
			if l == "B-ORG" {
				c.org++
			}
			i = j - 1
		}
	}
	var out []orgName
	for _, c := range counts {
		multi := strings.Contains(c.name, " ")
		if c.org == 0 || c.org*3 < c.all*2 || !(c.org >= 2 || multi) || !orgShaped(c.name) {
			continue
		}
		out = append(out, *c)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].name < out[b].name })
	return out
}

// orgShaped reports whether a name starts with a capital letter or digit,
// has a letter, and holds no tab, handle, hashtag or URL, nor a sentence's
// full stop glued to its last word ("Borussia Dortmund.", not "Corp.").
func orgShaped(name string) bool {
	if name == "" || strings.ContainsAny(name, "\t\n@#/") || strings.HasPrefix(name, "http") {
		return false
	}
	if n := len(name); n > 4 && name[n-1] == '.' && isLowerASCII(name[n-2]) && isLowerASCII(name[n-3]) && isLowerASCII(name[n-4]) {
		return false
	}
	c := name[0]
	if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80) {
		return false
	}
	return strings.ContainsFunc(name, func(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= 0x80 })
}

// addCompanies marks the names of the company list in the lexicon and adds
// those it lacks, keeping the order by name. Names must be written with a
// capital and hold a letter (orgShaped), and not be an English word of the
// training text.
func addCompanies(names []orgName, companies []string, sents []corpus.Sentence) []orgName {
	// names that are also English words ("Current", "Fortune") are left
	// out: seen in lower case in the training text
	lower := map[string]int{}
	for _, s := range sents {
		for _, w := range s.Words {
			if w != "" && w[0] >= 'a' && w[0] <= 'z' {
				lower[w]++
			}
		}
	}
	at := map[string]int{}
	for i, n := range names {
		at[n.name] = i
	}
	for _, c := range companies {
		c = strings.TrimSpace(c)
		if len([]rune(c)) < 2 || !orgShaped(c) || lower[strings.ToLower(c)] > 0 {
			continue
		}
		if i, ok := at[c]; ok {
			names[i].listed = true
			continue
		}
		at[c] = len(names)
		names = append(names, orgName{name: c, listed: true})
	}
	sort.Slice(names, func(a, b int) bool { return names[a].name < names[b].name })
	return names
}

// writeOrgs writes the lexicon as gzip-compressed "name<TAB>org<TAB>all"
// lines, with a fourth field "c" for names of the company list.
func writeOrgs(names []orgName) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	for _, n := range names {
		if n.listed {
			fmt.Fprintf(zw, "%s\t%d\t%d\tc\n", n.name, n.org, n.all)
		} else {
			fmt.Fprintf(zw, "%s\t%d\t%d\n", n.name, n.org, n.all)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("write org lexicon: %w", err)
	}
	return buf.Bytes(), nil
}

func isLowerASCII(c byte) bool { return 'a' <= c && c <= 'z' }
