package quotes

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// givenGendersData lists given names that only one of two English word
// lists (female, male) holds, as "name<TAB>f|m", lower-cased; built by
// cmd/gen-given-genders (see ATTRIBUTION.md).
//
//go:embed given-genders.txt.gz
var givenGendersData []byte

// givenGenders maps a lower-cased given name to male or female. It is read
// on first use; a damaged list gives an empty map.
var givenGenders = sync.OnceValue(func() map[string]int8 {
	out := map[string]int8{}
	zr, err := gzip.NewReader(bytes.NewReader(givenGendersData))
	if err != nil {
		return out
	}
	defer zr.Close()
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		name, g, ok := strings.Cut(sc.Text(), "\t")
		if !ok || name == "" || name[0] == '#' {
			continue
		}
		switch g {
		case "f":
			out[name] = female
		case "m":
			out[name] = male
		}
	}
	return out
})

// nameGender is the gender the given name of a person's full name
// suggests ("Laura Beck" a woman, "Joseph Lind" a man), or 0: for a
// single word (it may be a family name), a given name that both lists
// hold, or one that neither does.
func nameGender(name string) int8 {
	first, rest, ok := strings.Cut(strings.TrimSpace(name), " ")
	if !ok || strings.TrimSpace(rest) == "" || first == "" {
		return 0
	}
	if r, _ := utf8.DecodeRuneInString(first); !unicode.IsUpper(r) {
		return 0
	}
	return givenGenders()[lower(first)]
}
