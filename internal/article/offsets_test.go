package article

import (
	"testing"
	"unicode/utf8"
)

// denseIndex is the straightforward byte → code-point table runeIndex must
// agree with: cp[b] counts the characters before byte b, a byte inside a
// character counting as that character's start.
func denseIndex(text string) func(b int) int {
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			ascii = false
		}
	}
	cp := make([]int, len(text)+1)
	n := 0
	for i := 0; i < len(text); {
		_, size := utf8.DecodeRuneInString(text[i:])
		for k := 0; k < size; k++ {
			cp[i+k] = n
		}
		n++
		i += size
	}
	cp[len(text)] = n
	return func(b int) int {
		switch {
		case ascii:
			return b
		case b < 0:
			return 0
		case b >= len(cp):
			return cp[len(cp)-1]
		}
		return cp[b]
	}
}

func TestRuneIndex(t *testing.T) {
	for _, text := range []string{
		"", "plain ascii", "é", "aé", "éa", "“Brothers in arms”", "a\xffb", "\xff\xfe", "a\xe2\x80b",
		"Valparaíso — 😀 ok ’s", "日本語のテキスト", "x😀😀y\xc3", "\xe2\x80\x9cq\xe2\x80\x9d",
	} {
		want := denseIndex(text)
		got := newRuneIndex(text)
		for b := -2; b <= len(text)+2; b++ {
			if g, w := got.at(b), want(b); g != w {
				t.Errorf("%q: at(%d) = %d, want %d", text, b, g, w)
			}
		}
	}
}

func TestToCodePoints(t *testing.T) {
	r := &Record{
		Text:     "“Kim” met Putin in Pyongyang — again.",
		Headings: []Span{{0, 9}},
		Entities: []Entity{{Name: "Kim", Mentions: []Span{{3, 6}}}, {Name: "Putin", Mentions: []Span{{14, 19}}}},
		Quotes:   []Quote{{Text: "Kim", Start: 3, End: 6}},
		Dates:    []DateMention{{Text: "again", Start: 37, End: 42}},
		Passages: []Passage{{Language: "es", Start: 23, End: 32}},
	}
	ToCodePoints(r)
	if r.Entities[0].Mentions[0] != (Span{1, 4}) || r.Entities[1].Mentions[0] != (Span{10, 15}) ||
		r.Headings[0] != (Span{0, 5}) || r.Quotes[0].Start != 1 || r.Quotes[0].End != 4 ||
		r.Passages[0].Start != 19 || r.Passages[0].End != 28 || r.Dates[0].Start != 31 || r.Dates[0].End != 36 {
		t.Errorf("code-point offsets: %+v", r)
	}
	runes := []rune(r.Text)
	if string(runes[10:15]) != "Putin" || string(runes[31:36]) != "again" {
		t.Errorf("spans do not hold their words: %q %q", string(runes[10:15]), string(runes[31:36]))
	}
}
