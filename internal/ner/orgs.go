package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"strconv"
	"strings"

	"github.com/copydesk/copydesk/internal/ner/gazetteer"
	"github.com/copydesk/copydesk/internal/ner/tagger"
)

// orgLexicon holds organisation names seen in the training corpora (built
// by cmd/train-ner as orgs.tsv.gz), keyed by the exact-case hash chain of
// their tokens. Every proper prefix of a name is stored too, so a lookup
// stops at the first word sequence no name continues.
type orgLexicon struct {
	keys map[uint64]orgInfo
	// first has bit h&firstMask set for the hash h of every name's first
	// word: most capitalised words start no name, and a bit test is
	// cheaper than a map miss
	first [(firstMask + 1) / 64]uint64
}

const firstMask = 1<<16 - 1

// orgInfo is a lexicon node: whether a name ends here, how often it was
// labelled ORG and labelled at all, and whether longer names continue it.
type orgInfo struct {
	org, all uint16
	words    uint8 // tokens in the name; 0 for a prefix only
	prefix   bool
	listed   bool // in the company-name list
}

// wordHash is the exact (case-sensitive) FNV-1a hash of w.
func wordHash(w string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return h
}

// word returns the lexicon entry of w alone, or a zero orgInfo when w is
// not a one-word name of the lexicon (or there is no lexicon).
func (lx *orgLexicon) word(w string) orgInfo {
	if lx == nil {
		return orgInfo{}
	}
	if e := lx.longest([]string{w}, 0); e.words == 1 {
		return e
	}
	return orgInfo{}
}

func loadOrgs(data []byte) (*orgLexicon, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read org lexicon: %w", err)
	}
	defer zr.Close()
	lx := &orgLexicon{keys: map[uint64]orgInfo{}}
	sc := bufio.NewScanner(zr)
	var toks []tagger.Token
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 3 && len(f) != 4 {
			return nil, fmt.Errorf("read org lexicon: bad line %q", sc.Text())
		}
		org, err1 := strconv.Atoi(f[1])
		all, err2 := strconv.Atoi(f[2])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("read org lexicon: bad counts %q", sc.Text())
		}
		toks = tagger.Tokenize(f[0], 0, len(f[0]), toks[:0])
		if len(toks) == 0 || len(toks) > 255 {
			continue
		}
		var h uint64
		for i, t := range toks {
			if i == 0 {
				h = wordHash(t.Text)
				lx.first[h&firstMask/64] |= 1 << (h & 63)
			} else {
				h = tagger.SeqHash(h, wordHash(t.Text))
			}
			e := lx.keys[h]
			if i+1 < len(toks) {
				e.prefix = true
			} else {
				e.org = uint16(min(org, 65535))
				e.all = uint16(min(all, 65535))
				e.words = uint8(len(toks))
				e.listed = len(f) == 4 && f[3] == "c"
			}
			lx.keys[h] = e
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read org lexicon: %w", err)
	}
	return lx, nil
}

// longest returns the longest lexicon name starting at token i of words
// (exact case), or a zero orgInfo.
func (lx *orgLexicon) longest(words []string, i int) orgInfo {
	var best orgInfo
	h := wordHash(words[i])
	if lx.first[h&firstMask/64]&(1<<(h&63)) == 0 {
		return best
	}
	for j := i; ; {
		e, ok := lx.keys[h]
		if !ok {
			break
		}
		if e.words > 0 {
			best = e
		}
		j++
		if !e.prefix || j >= len(words) {
			break
		}
		h = tagger.SeqHash(h, wordHash(words[j]))
	}
	return best
}

// lexiconOrgs adds organisation names of the lexicon that the tagger
// missed or typed otherwise. A name must stand alone (no capitalised word
// right before or after it), be labelled ORG in most of its training
// occurrences, and not be a place the gazetteer knows; a single word must
// also not be a common word, given name, title or month.
func (d *doc) lexiconOrgs(ms []mention) []mention {
	lx := d.r.orgs
	if lx == nil {
		return ms
	}
	for si := range d.ss {
		s := &d.ss[si]
		n := len(s.words)
		for i := 0; i < n; i++ {
			if !s.caps[i] {
				continue
			}
			e := lx.longest(s.words, i)
			if e.words == 0 {
				continue
			}
			j := i + int(e.words)
			if e.words == 1 {
				bad := tagger.GazCommon | tagger.GazFirstName | tagger.GazTitle | tagger.GazCalendar | tagger.GazHonorific
				if e.listed {
					// a listed company may share a given name ("Ford")
					// unless the article names a person with it or the
					// tagger takes this use for a person
					bad &^= tagger.GazFirstName
					if s.flags[i]&tagger.GazFirstName != 0 && (d.personWord(ms, s.words[i]) || d.personAt(ms, si, i)) {
						continue
					}
				}
				if e.org < 2 && !e.listed || s.flags[i]&bad != 0 {
					continue
				}
				if e.org < 2 && j < n && s.words[j] != "" && s.words[j][0] >= '0' && s.words[j][0] <= '9' {
					continue // "Fortune 500"
				}
				if e.org < 2 && (i == 0 || isQuoteOrDash(s.words[i-1])) && !(e.listed && j < n && (companyVerb(s.words[j]) ||
					s.words[j] == "and" && j+1 < n && s.caps[j+1] && lx.longest(s.words, j+1).listed)) {
					continue // a capitalised first word: the article's other uses decide, or the verb after a company ("Pfizer said") or another company ("Barclays and HSBC")
				}
			}
			if i > 0 && s.caps[i-1] && !isArticle(s.words[i-1]) || j < n && s.caps[j] && s.words[j] != "I" {
				continue
			}
			if d.r.gaz.Lookup(s.words[i:j]) != nil {
				// a listed company that is also a town ("Toyota") is the
				// company unless the sentence puts it on the map
				if !e.listed || e.words > 1 || i > 0 && locative(s.words[i-1]) || d.notTown(s, i, j) {
					continue
				}
				// nor in a list of names or before a state: "Omaha, New
				// York", "Baltimore, MD"
				if j+1 < n && s.words[j] == "," && s.caps[j+1] || i >= 2 && s.words[i-1] == "," && s.caps[i-2] {
					continue
				}
				// nor after "and" and a place: "Cardiff and Bristol"
				if i >= 2 && (s.words[i-1] == "and" || s.words[i-1] == "or") {
					if k := mentionAt(ms, si, i-2); k >= 0 && ms[k].typ == tagger.LOC && ms[k].te == i-1 {
						continue
					}
				}
			}
			// existing mentions must lie inside the name
			inside := true
			for _, m := range ms {
				if m.s == si && m.ts < j && i < m.te && (m.ts < i || m.te > j) {
					inside = false
					break
				}
			}
			if !inside {
				continue
			}
			kept := ms[:0]
			for _, m := range ms {
				if !(m.s == si && m.ts >= i && m.te <= j) {
					kept = append(kept, m)
				}
			}
			a := i
			if isArticle(s.words[i]) && j > i+1 {
				a++ // "The New York Times" in the lexicon: the mention leaves "The" out
			}
			ms = append(kept, mention{s: si, ts: a, te: j, typ: tagger.ORG})
			if e.listed && e.org < 2 {
				// the other uses follow, a capitalised first word too
				d.force(s.words[i], tagger.ORG)
			}
			i = j - 1
		}
	}
	return ms
}

// companyVerb reports whether w, after a name that opens its sentence,
// says the name acts as a company does ("Pfizer said", "Nvidia reported").
func companyVerb(w string) bool {
	switch w {
	case "said", "says", "announced", "reported", "posted", "plans", "agreed", "confirmed", "denied", "declined", "launched", "unveiled", "shares", "’s", "'s",
		"recalled", "dropped", "cut", "raised", "sold", "bought", "acquired", "fired", "hired", "sued", "settled", "warned", "filed",
		"invested", "reached", "slashed", "lowered", "apologized", "apologised", "pledged", "delayed", "canceled", "cancelled",
		"stopped", "halted", "resumed", "suspended", "expanded", "ordered", "shipped":
		return true
	}
	return false
}

// personWord reports whether w is a word of a person's full name.
func (d *doc) personWord(ms []mention, w string) bool {
	for _, m := range ms {
		if m.typ == tagger.PER && m.te-m.ts > 1 {
			s := &d.ss[m.s]
			if indexWord(s.words[m.ts:m.te], w) >= 0 {
				return true
			}
		}
	}
	return false
}

// personAt reports whether a person mention covers token i of sentence si.
func (d *doc) personAt(ms []mention, si, i int) bool {
	k := mentionAt(ms, si, i)
	return k >= 0 && ms[k].typ == tagger.PER
}

// notTown reports whether the place match [i, j) names more than a town:
// a country, a region, a first-level division or a big city.
func (d *doc) notTown(s *sentence, i, j int) bool {
	for _, g := range s.matches {
		if g.Start == i && g.End == j {
			for _, p := range g.Places {
				pl := &d.r.gaz.Places[p]
				if pl.Kind != gazetteer.City || pl.Big {
					return true
				}
			}
		}
	}
	return false
}
