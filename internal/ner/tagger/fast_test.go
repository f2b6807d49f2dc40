package tagger

import (
	"math/rand"
	"strings"
	"testing"
)

// fastWords mix ASCII, curly quotes and dashes, accents, clitics and
// punctuation: the inputs whose fast paths must match the rune paths.
var fastWords = []string{
	"", "a", "A", "Putin", "PUTIN", "putin", "U.S.", "U.S", "don't", "DON'T", "don’t", "DON’T",
	"Putin's", "PUTIN'S", "Putin’s", "Putin’S", "'s", "’s", "n't", "countries'", "nuclear-armed",
	"1,000.50", "3.5", "AT&T", "@user", "#tag", "`quoted", "Zelenskyy", "Zelenskyy’s", "São",
	"Paulo", "Ñuñoa", "MÜNCHEN", "Kyiv—Lviv", "x–y", "«Le»", "O'Neill", "McDonald", "iPhone",
	"2024", "x1", "http://x.y", "www.example.com", "...", "?", "-", "ü", "ΑΘΗΝΑ", "北京",
}

func TestAnalyseWordFastPath(t *testing.T) {
	for _, w := range fastWords {
		for _, first := range []bool{false, true} {
			for _, full := range []bool{false, true} {
				var fast, ref tokInfo
				analyseWord(w, first, 5, &fast, full)
				analyseRunes(w, first, 5, &ref, full)
				if fast != ref {
					t.Errorf("analyseWord(%q, %v, %v) = %+v, want %+v", w, first, full, fast, ref)
				}
			}
		}
		if got, want := LowerHash(w), lowerHashRunes(w); got != want {
			t.Errorf("LowerHash(%q) = %x, want %x", w, got, want)
		}
	}
	if LowerHash("Putin") != LowerHash("putin") || LowerHash("Putin’s") != LowerHash("putin's") {
		t.Error("LowerHash does not fold case and quotes")
	}
}

func TestSplitClitics(t *testing.T) {
	cases := map[string]string{
		"Putin's": "Putin|'s", "PUTIN'S": "PUTIN|'S", "Putin’s": "Putin|’s", "KIM’S": "KIM|’S",
		"didn't": "did|n't", "DIDN'T": "DID|N'T", "didn’t": "did|n’t", "DIDN’T": "DID|N’T",
		"'s": "'s", "’s": "’s", "n't": "n't", "x's": "x|'s", "xn't": "x|n't", "didN'T": "did|N'T", "didn'T": "didn'T",
		"its": "its", "cat": "cat", "ab": "ab", "DIDn't": "DID|n't", "it’t": "it’t",
	}
	for in, want := range cases {
		toks := splitClitics(in, 0, len(in), nil)
		got := ""
		for i, tk := range toks {
			if i > 0 {
				got += "|"
			}
			got += tk.Text
			if in[tk.Start:tk.End] != tk.Text {
				t.Errorf("%q: token %q at %d:%d", in, tk.Text, tk.Start, tk.End)
			}
		}
		if got != want {
			t.Errorf("splitClitics(%q) = %q, want %q", in, got, want)
		}
	}
	// every clitic-like ending after every word
	for _, w := range fastWords {
		for _, end := range []string{"'s", "’s", "'S", "’S", "n't", "n’t", "N'T", "N’T", "n'T", "s", "t", "T", "'", "’"} {
			in := w + end
			if in == "" {
				continue
			}
			got, want := splitClitics(in, 0, len(in), nil), splitCliticsRef(in)
			if len(got) != len(want) || got[len(got)-1].Text != want[len(want)-1] {
				t.Errorf("splitClitics(%q) = %v, want %q", in, got, want)
			}
		}
	}
}

// splitCliticsRef is the plain statement of splitClitics.
func splitCliticsRef(w string) []string {
	if len(w) >= 3 {
		for _, c := range []string{"'s", "’s", "'S", "’S", "n't", "n’t", "N'T", "N’T"} {
			if len(w) > len(c) && strings.HasSuffix(w, c) {
				return []string{w[:len(w)-len(c)], c}
			}
		}
	}
	return []string{w}
}

// TestEmission checks that emission sums the same weights as looking up
// every key that features returns.
func TestEmission(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var ts []tokInfo
	for range 40 {
		var ti tokInfo
		analyse(fastWords[rng.Intn(len(fastWords))], rng.Intn(5) == 0, uint32(rng.Int63())&(1<<(gazBits+2)-1), &ti)
		ts = append(ts, ti)
	}
	// a model that knows most of the keys of these tokens, and some others
	var keys []uint64
	seen := map[uint64]bool{}
	for i := range ts {
		for _, k := range features(ts, i, nil) {
			if !seen[k] && rng.Intn(4) != 0 {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	for range 100 {
		if k := rng.Uint64() | 1; !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	w := make([]int16, len(keys)*NumTags)
	for i := range w {
		w[i] = int16(rng.Intn(2000) - 1000)
	}
	m := &Model{}
	m.build(keys, w)
	for i := range ts {
		var want, got [NumTags]int32
		for _, k := range features(ts, i, nil) {
			if r := m.lookup(k); r != nil {
				addRow(&want, r)
			}
		}
		m.emission(ts, i, &got)
		if got != want {
			t.Fatalf("token %d: emission %v, want %v", i, got, want)
		}
	}
}

// predList/predN list, for every tag, the tags allowed before it.
var predList, predN = func() (a [NumTags][NumTags]uint8, n [NumTags]int) {
	for t := uint8(0); t < NumTags; t++ {
		for p := uint8(0); p < NumTags; p++ {
			if allowed(p, t) {
				a[t][n[t]] = p
				n[t]++
			}
		}
	}
	return a, n
}()

// stepRef is step as a loop over predList.
func stepRef(prev, cur *[NumTags]int32, trans *[(NumTags + 1) * NumTags]int32, em *[NumTags]int32, bk *[NumTags]uint8) {
	for t := range NumTags {
		best := int32(negInf)
		arg := uint8(0)
		for k := range predN[t] {
			p := predList[t][k]
			if v := prev[p] + trans[int(p)*NumTags+t]; v > best {
				best, arg = v, p
			}
		}
		cur[t] = best + em[t]
		bk[t] = arg
	}
}

func TestStep(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	vals := func(k int) int32 {
		switch rng.Intn(6) {
		case 0:
			return negInf
		case 1:
			return int32(rng.Intn(3)) // ties
		}
		return int32(rng.Intn(2*k) - k)
	}
	for range 20000 {
		var prev, em [NumTags]int32
		var trans [(NumTags + 1) * NumTags]int32
		for i := range prev {
			prev[i], em[i] = vals(1000), vals(1000)
		}
		for i := range trans {
			trans[i] = vals(50)
		}
		var cur, curRef [NumTags]int32
		var bk, bkRef [NumTags]uint8
		step(&prev, &cur, &trans, &em, &bk)
		stepRef(&prev, &curRef, &trans, &em, &bkRef)
		if cur != curRef || bk != bkRef {
			t.Fatalf("step(%v) = %v %v, want %v %v", prev, cur, bk, curRef, bkRef)
		}
	}
	for tg := range NumTags {
		for k := range predN[tg] {
			if !allowed(predList[tg][k], uint8(tg)) {
				t.Fatalf("bad predList")
			}
		}
	}
}

// lowerHashRunes is LowerHash rune by rune (the reference).
func lowerHashRunes(s string) uint64 {
	h := uint64(fnvOffset)
	for _, r := range s {
		h = hashRune(h, foldRune(r))
	}
	return h
}
