package quotes

import "testing"

func BenchmarkZZCand(b *testing.B) {
	text := cleanSeed(b)
	paras := paragraphs(text, nil)
	for b.Loop() {
		f := finder{text: text}
		f.paras = paras
		f.collectCandidates()
	}
}
