package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"strings"

	"github.com/copydesk/copydesk/internal/ner/tagger"
)

// surnameSet holds the lower-case hashes (tagger.LowerHash) of common
// family names: the 20,000 most frequent of the 1990 US Census, embedded
// as surnames.txt.gz (see ATTRIBUTION.md).
type surnameSet map[uint64]struct{}

func loadSurnames(data []byte) (surnameSet, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read surnames: %w", err)
	}
	defer zr.Close()
	set := surnameSet{}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		if w == "" || w[0] == '#' {
			continue
		}
		set[tagger.LowerHash(w)] = struct{}{}
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
