package quotes

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
)

// fuzzEntities derives entities from text: every capitalised word is a
// mention (alternately a person and an organisation), plus mentions with
// offsets that are out of range, reversed or inside a rune, which Find must
// ignore.
func fuzzEntities(text string) []article.Entity {
	ents := []article.Entity{
		{Name: "P", Type: article.Person},
		{Name: "O", Type: article.Organization},
		{Name: "Bad", Type: article.Person, Mentions: []article.Span{{Start: -3, End: 2}, {Start: 5, End: 1}, {Start: 0, End: len(text) + 7}, {Start: 1, End: 2}}},
	}
	k := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsUpper(r) {
			i += size
			continue
		}
		j := i + size
		for j < len(text) {
			c, cs := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(c) {
				break
			}
			j += cs
		}
		ents[k%2].Mentions = append(ents[k%2].Mentions, article.Span{Start: i, End: j})
		k++
		i = j
	}
	return ents
}

// fuzzSentences derives sentence spans, some of them invalid.
func fuzzSentences(text string, mode byte) []article.Span {
	switch mode % 4 {
	case 0:
		return nil
	case 1:
		return splitSentences(text, paragraphs(text, nil), nil)
	case 2:
		return []article.Span{{Start: 0, End: len(text) / 2}, {Start: len(text) / 3, End: len(text)}}
	default:
		return []article.Span{{Start: 0, End: len(text)}}
	}
}

func FuzzFind(f *testing.F) {
	seeds := []string{
		"“Vladimir Putin landed in Pyongyang,” the Russian Presidency reported.",
		"“unclosed quote that runs on\n\nand another paragraph",
		"”reversed“ marks ” everywhere “",
		"He said \"we 6\" won\" and 'then' left’s ‘x",
		"«¿Qué?», dijo Petro. „Ja“ sagte er. ‹single› and ‚low’",
		"“A,” Smith said. “B\n\n“C\n\n“D\n\n“E",
		"‘He told me “no” twice,’ Lopez said. Putin’s ‘great friend’",
		"“What worries us”declared Kirby. “x”Kuleba told AFP.",
		"\"\"\"\"\"''''''“““”””",
		"“ \n\n ”",
		"\xe2\x80",
		"“\xff”",
		"Actress Lopez spoke. “It was fun,” he said. “I was scared,” she said. Él dijo: «Sí». Ella también. sh h H \xc3",
		"Smith’s wife, Ana. “No,” she said; “Yes,” said He Jianxiong. While A, Smith says x. “Y,” he says. herself himself Él\xc3\xa9",
	}
	for i, s := range seeds {
		f.Add(s, byte(i))
	}
	f.Fuzz(func(t *testing.T, text string, mode byte) {
		ents := fuzzEntities(text)
		got := Find(text, fuzzSentences(text, mode), ents)
		checkInvariants(t, text, got, ents)
	})
}

func BenchmarkFind(b *testing.B) {
	text := cleanSeed(b)
	ents := buildEntities(text, seedEntities)
	sents := splitSentences(text, paragraphs(text, nil), nil)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Find(text, sents, ents)
	}
}
