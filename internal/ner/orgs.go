package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"strconv"
	"strings"

	"github.com/copydesk/copydesk/internal/ner/tagger"
)

// orgLexicon holds organisation names seen in the training corpora (built
// by cmd/train-ner as orgs.tsv.gz), keyed by the exact-case hash chain of
// their tokens. Every proper prefix of a name is stored too, so a lookup
// stops at the first word sequence no name continues.
type orgLexicon struct {
	keys map[uint64]orgInfo
}

// orgInfo is a lexicon node: whether a name ends here, how often it was
// labelled ORG and labelled at all, and whether longer names continue it.
type orgInfo struct {
	org, all uint16
	words    uint8 // tokens in the name; 0 for a prefix only
	prefix   bool
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
		if len(f) != 3 {
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
				if e.org < 2 || s.flags[i]&(tagger.GazCommon|tagger.GazFirstName|tagger.GazTitle|tagger.GazCalendar|tagger.GazHonorific) != 0 {
					continue
				}
			}
			if i > 0 && s.caps[i-1] && !isArticle(s.words[i-1]) || j < n && s.caps[j] {
				continue
			}
			if d.r.gaz.Lookup(s.words[i:j]) != nil {
				continue
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
			ms = append(kept, mention{s: si, ts: i, te: j, typ: tagger.ORG})
			i = j - 1
		}
	}
	return ms
}
