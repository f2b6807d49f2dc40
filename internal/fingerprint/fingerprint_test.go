package fingerprint

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
	"golang.org/x/text/unicode/norm"
)

func readFile(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("../clean/testdata/" + name)
	if err != nil {
		t.Fatalf("read test article: %v", err)
	}
	return string(b)
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"   ", ""},
		{"Hello,  World!", "hello world"},
		{"Putin’s visit", "putins visit"},
		{"It's O'Brien", "its obrien"},
		{"nuclear-armed\tcountries\n\nnext", "nuclear armed countries next"},
		{"“Brothers in arms”", "brothers in arms"},
		{"ＦＵＬＬ　ｗｉｄｔｈ ①", "full width 1"},
		{"ﬁnal café", "final café"},
		{"Cafe\u0301 au lait", "café au lait"},
		{"ÉLAN Ñandú", "élan ñandú"},
		{"a — b … c (…) [d]", "a b c d"},
		{"$6 billion, 1.3 million", "6 billion 1 3 million"},
		{"Σίσυφος ΑΘΗΝΑ", "σίσυφος αθηνα"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestContentHash(t *testing.T) {
	// SHA-256 of "hello world".
	const want = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
	if got := ContentHash("  Hello,\n\nWORLD! "); got != want {
		t.Errorf("ContentHash = %s, want %s", got, want)
	}
	if ContentHash("Hello world") != ContentHash("hello — world.") {
		t.Error("hash differs for texts that normalise the same")
	}
	if ContentHash("hello world") == ContentHash("hello words") {
		t.Error("hash equal for different texts")
	}
}

func TestSums(t *testing.T) {
	for _, text := range []string{"", "Hello, world", readFile(t, "seed.txt")} {
		h, sim := Sums(text)
		if h != ContentHash(text) || sim != SimHash(text) {
			t.Errorf("Sums(%.20q) disagrees with ContentHash and SimHash", text)
		}
	}
}

func TestHexHamming(t *testing.T) {
	if got := Hex(0); got != "0000000000000000" {
		t.Errorf("Hex(0) = %s", got)
	}
	if got := Hex(0xdeadbeef0123abcd); got != "deadbeef0123abcd" {
		t.Errorf("Hex = %s", got)
	}
	if got := Hamming(0, ^uint64(0)); got != 64 {
		t.Errorf("Hamming = %d, want 64", got)
	}
	if got := Hamming(0b1011, 0b0110); got != 3 {
		t.Errorf("Hamming = %d, want 3", got)
	}
}

func TestSimHashSmall(t *testing.T) {
	if SimHash("") != 0 || SimHash(" ... ") != 0 {
		t.Error("empty text must hash to 0")
	}
	if SimHash("two words") == 0 || SimHash("two words") == SimHash("two other") {
		t.Error("short texts must still be fingerprinted")
	}
	if SimHash("The cat sat on the mat.") != SimHash("the CAT sat, on the mat") {
		t.Error("SimHash must only see the normalised text")
	}
}

func TestSimHashNearDuplicates(t *testing.T) {
	seed := readFile(t, "seed.txt")
	base := SimHash(seed)

	// A lightly edited copy: one sentence reworded and a promo line added.
	edited := strings.Replace(seed,
		"His arrival was also preceded by incidents on the border between North and South Korea.",
		"His arrival came after several incidents along the heavily guarded border between the two Koreas.", 1)
	edited = strings.Replace(edited, "Strategic partnership",
		">>> Read more: Kim Jong Un inspects new missile launchers\n\nStrategic partnership", 1)
	if edited == seed {
		t.Fatal("edit did not apply")
	}
	// Measured: 3. Any change must show (> 0) and stay near (≤ 10).
	d := Hamming(base, SimHash(edited))
	if d < 1 || d > 10 {
		t.Errorf("edited copy: Hamming = %d, want 1..10", d)
	}
	// Identical content with different spacing and case is the same hash.
	if got := SimHash(strings.ToUpper(strings.ReplaceAll(seed, "\n\n", "\n"))); got != base {
		t.Errorf("reformatted copy: Hamming = %d, want 0", Hamming(base, got))
	}

	for _, name := range []string{"unrelated.txt", "wire.txt", "sharebar.txt", "spanish.txt"} {
		other := readFile(t, name)
		if d := Hamming(base, SimHash(other)); d <= 20 {
			t.Errorf("%s: Hamming to seed = %d, want > 20", name, d)
		}
	}
}

func TestHexOfSimHashIsStable(t *testing.T) {
	seed := readFile(t, "seed.txt")
	h := Hex(SimHash(seed))
	if len(h) != 16 || strings.Trim(h, "0123456789abcdef") != "" {
		t.Fatalf("Hex(SimHash) = %q", h)
	}
	for range 3 {
		if Hex(SimHash(seed)) != h {
			t.Fatal("SimHash is not deterministic")
		}
	}
}

func BenchmarkNormalize(b *testing.B) {
	seed := readFile(b, "seed.txt")
	b.ReportAllocs()
	b.SetBytes(int64(len(seed)))
	for b.Loop() {
		Normalize(seed)
	}
}

func BenchmarkContentHash(b *testing.B) {
	seed := readFile(b, "seed.txt")
	b.ReportAllocs()
	b.SetBytes(int64(len(seed)))
	for b.Loop() {
		ContentHash(seed)
	}
}

func BenchmarkSums(b *testing.B) {
	seed := readFile(b, "seed.txt")
	b.ReportAllocs()
	b.SetBytes(int64(len(seed)))
	for b.Loop() {
		Sums(seed)
	}
}

func BenchmarkSimHash(b *testing.B) {
	seed := readFile(b, "seed.txt")
	b.ReportAllocs()
	b.SetBytes(int64(len(seed)))
	for b.Loop() {
		SimHash(seed)
	}
}

// TestSimHashMatchesReference checks the lane-counting SimHash against a
// plain bit-by-bit implementation.
func TestSimHashMatchesReference(t *testing.T) {
	reference := func(text string) uint64 {
		words := strings.Fields(Normalize(text))
		if len(words) == 0 {
			return 0
		}
		if len(words) < shingleSize {
			return xxhash.Sum64String(strings.Join(words, " "))
		}
		var v [64]int
		n := 0
		for i := 0; i+shingleSize <= len(words); i++ {
			h := xxhash.Sum64String(strings.Join(words[i:i+shingleSize], " "))
			n++
			for j := range 64 {
				if h>>j&1 == 1 {
					v[j]++
				}
			}
		}
		var out uint64
		for j := range v {
			if 2*v[j] > n {
				out |= 1 << j
			}
		}
		return out
	}
	long := strings.Repeat(readFile(t, "unrelated.txt"), 3) // more than 255 shingles per flush
	for _, text := range []string{"", "one", "one two", "one two three", readFile(t, "seed.txt"), long} {
		if got, want := SimHash(text), reference(text); got != want {
			t.Errorf("SimHash = %016x, reference %016x for %.30q", got, want, text)
		}
	}
}

// TestNormalizeSplit checks Normalize, which folds the part of the text
// already in NFKC as it is and normalises only the rest, against folding
// the NFKC form of the whole text, on random strings of characters that
// compose, decompose, reorder or change under NFKC.
func TestNormalizeSplit(t *testing.T) {
	alphabet := []string{"a", "e", "K", " ", ".", "’", "'", "…", "\u0301", "\u0327", "\u0323", "\u0344",
		"\u1100", "\u1161", "\u11a8", "\uac00", "ﬁ", "Ｆ", "①", "\u0b47", "\u0b3e", "\u0cc6", "\u0cd5",
		"\u2126", "\u1e9b", "\u0f73", "é", "Σ", "ς", "\u00a0", "\u3000", "\u200b", "\u0345", "\u05b0", "\u0591"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		text := b.String()
		want, _ := appendFolded(nil, 0, false, norm.NFKC.String(text))
		if got := Normalize(text); got != string(want) {
			t.Fatalf("Normalize(%q) = %q, want %q", text, got, want)
		}
	}
}
