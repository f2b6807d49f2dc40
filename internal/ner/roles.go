package ner

import (
	"strings"

	"github.com/copydesk/copydesk/internal/ner/gazetteer"
)

// roleWord reports whether w may be part of a role phrase.
func roleWord(w string) bool { return inSet(gazetteer.TitleWords, w) }

func headWord(w string) bool { return inSet(gazetteer.HeadTitles, w) || occupation(w) }

// occupation reports whether a lower-case word names an occupation by its
// ending: "-ologist", "-ician", "-grapher", and "-ist" in words of seven
// letters or more ("planetary geologist Rosaly Lopes", "physician",
// "photographer", "activist"), except verbs and lists ("persist",
// "playlist").
func occupation(w string) bool {
	switch {
	case len(w) < 6 || strings.ToLower(w) != w:
		return false
	case strings.HasSuffix(w, "ician"), strings.HasSuffix(w, "grapher"):
		return true
	case strings.HasSuffix(w, "ist") && len(w) >= 7:
		return !strings.HasSuffix(w, "list") && !strings.HasSuffix(w, "sist") && !strings.HasSuffix(w, "wrist")
	}
	return false
}

// appendRoles appends to out the role phrases written next to a person
// mention: before it ("Foreign Minister Sergei Lavrov"), as an appositive
// before it ("the Minister of Defense, Andrei Belousov") or after it ("John
// Kirby, the White House spokesman,").
func (d *doc) appendRoles(out []string, m mention) []string {
	s := &d.ss[m.s]
	if r := d.roleBefore(s, m.ts); r != "" {
		out = append(out, r)
	} else if m.ts >= 2 && s.words[m.ts-1] == "," {
		if r := d.roleBefore(s, m.ts-1); r != "" {
			out = append(out, r)
		}
	}
	if m.te+1 < len(s.words) && s.words[m.te] == "," {
		if r := d.roleAfter(s, m.te+1); r != "" {
			out = append(out, r)
		}
	}
	return out
}

// roleBefore reads a role phrase that ends just before token end.
func (d *doc) roleBefore(s *sentence, end int) string {
	if end == 0 {
		return ""
	}
	b := end - 1
	if !headWord(s.words[b]) {
		// "Minister of Defense", "Secretary of State for Health",
		// "ambassador to Britain"
		k := b
		for k > 0 && hasUpper(s.words[k]) && b-k < 3 {
			k--
		}
		if k == b || k < 1 || s.words[k] != "of" && s.words[k] != "for" && s.words[k] != "to" || !headWord(s.words[k-1]) {
			return ""
		}
		b = k - 1
	}
	for b > 0 {
		w := s.words[b-1]
		if roleWord(w) && d.demonymAt(s, b-1) < 0 {
			b--
			continue
		}
		// "Minister of Defense": "of" between role words
		if (w == "of" || w == "for") && b-2 >= 0 && roleWord(s.words[b-2]) && b < end-0 && roleWord(s.words[b]) {
			b--
			continue
		}
		break
	}
	for b < end && !hasUpper(s.words[b]) && !headWord(s.words[b]) && !roleWord(s.words[b]) {
		b++
	}
	if b >= end {
		return ""
	}
	return d.text[s.toks[b].Start:s.toks[end-1].End]
}

// roleAfter reads an appositive role starting at token i: optional
// determiner or possessive owner, then role words ending in a head word.
func (d *doc) roleAfter(s *sentence, i int) string {
	n := len(s.words)
	switch strings.ToLower(s.words[i]) {
	case "the", "a", "an", "his", "her", "its", "their":
		i++
	}
	// skip an owner: "NATO's", "the country's"
	for j := i; j < n && j < i+5; j++ {
		if isPossessive(s.words[j]) {
			i = j + 1
			break
		}
		if s.words[j] == "," {
			break
		}
	}
	// skip an organisation or place name: "the White House spokesman"
	for k := i; k < n && k < i+5 && hasUpper(s.words[k]) && !roleWord(s.words[k]); k++ {
		if k+1 < n && roleWord(s.words[k+1]) {
			i = k + 1
			break
		}
	}
	b := i
	e := i
	for e < n && (roleWord(s.words[e]) || (s.words[e] == "of" && e+1 < n && roleWord(s.words[e+1]))) {
		e++
	}
	for e > b && !headWord(s.words[e-1]) {
		e--
	}
	if e <= b {
		return ""
	}
	return d.text[s.toks[b].Start:s.toks[e-1].End]
}
