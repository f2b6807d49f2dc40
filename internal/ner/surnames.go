package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"strings"

	"github.com/copydesk/copydesk/internal/ner/tagger"
)

// surnameSet maps the lower-case hashes (tagger.LowerHash) of common
// family names to their frequency rank: the 20,000 most frequent of the
// 1990 US Census, embedded as surnames.txt.gz (see ATTRIBUTION.md).
type surnameSet map[uint64]uint16

func loadSurnames(data []byte) (surnameSet, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read surnames: %w", err)
	}
	defer zr.Close()
	set := surnameSet{}
	sc := bufio.NewScanner(zr)
	rank := 0
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		if w == "" || w[0] == '#' {
			continue
		}
		rank++
		if _, ok := set[tagger.LowerHash(w)]; !ok {
			set[tagger.LowerHash(w)] = uint16(min(rank, 65535))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read surnames: %w", err)
	}
	return set, nil
}

// has reports whether w, in any case, is a common family name.
func (s surnameSet) has(w string) bool {
	_, ok := s[tagger.LowerHash(w)]
	return ok
}

// veryCommon reports whether w is one of the 100 most frequent family
// names ("Johnson", "Davis"): read alone as a person, it is more often one
// than the company a list may name after it.
func (s surnameSet) veryCommon(w string) bool {
	r := s[tagger.LowerHash(w)]
	return r > 0 && r <= 100
}
