package tagger

import (
	"bytes"
	"strings"
	"testing"
	"unsafe"
)

func words(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

func TestTokenize(t *testing.T) {
	cases := map[string]string{
		"Putin’s visit to the U.S. on Jan. 5":        "Putin|’s|visit|to|the|U.S.|on|Jan.|5",
		"Mr. Smith didn't pay $1,000.50 (approx.)":   "Mr.|Smith|did|n't|pay|$|1,000.50|(|approx.|)",
		"nuclear-armed AT&T, @user #tag":             "nuclear-armed|AT&T|,|@user|#tag",
		"see https://x.y/z?q=1 now...":               "see|https://x.y/z?q=1|now|...",
		"Dianna E. Anderson and countries' leaders.": "Dianna|E.|Anderson|and|countries|'|leaders|.",
	}
	for in, want := range cases {
		toks := Tokenize(in, 0, len(in), nil)
		if got := strings.Join(words(toks), "|"); got != want {
			t.Errorf("Tokenize(%q) = %q, want %q", in, got, want)
		}
		for _, tk := range toks {
			if in[tk.Start:tk.End] != tk.Text {
				t.Errorf("token %q has offsets %d:%d", tk.Text, tk.Start, tk.End)
			}
		}
	}
}

func TestIOB2RoundTrip(t *testing.T) {
	labels := []string{"B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-MISC", "I-ORG", "I-ORG"}
	tags := FromIOB2(labels)
	got := Spans(tags, nil)
	want := []Span{{0, 2, PER}, {3, 4, LOC}, {4, 5, LOC}, {6, 8, ORG}}
	if len(got) != len(want) {
		t.Fatalf("Spans = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("span %d = %v, want %v", i, got[i], want[i])
		}
	}
	if TagName(tags[0]) != "B-PER" || TagName(tags[3]) != "U-LOC" || TagName(tags[7]) != "L-ORG" {
		t.Errorf("tags %v", tags)
	}
}

// TestTrainTagRoundTrip trains on a toy corpus, serialises the model,
// reads it back and checks that it tags the pattern it was taught.
func TestTrainTagRoundTrip(t *testing.T) {
	var data []Sentence
	for _, name := range []string{"Alice Smith", "Bob Jones", "Carol White", "Dan Brown"} {
		for _, place := range []string{"Paris", "Berlin", "Lagos"} {
			w := append(strings.Fields(name), "flew", "to", place, ".")
			data = append(data, Sentence{Words: w, Tags: FromIOB2([]string{"B-PER", "I-PER", "O", "O", "B-LOC", "O"})})
		}
	}
	m := Train(data, TrainConfig{Epochs: 5, MinCount: 1, Seed: 1})
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if m2.NumFeatures() != m.NumFeatures() {
		t.Fatalf("features %d after reading, %d before", m2.NumFeatures(), m.NumFeatures())
	}
	w := []string{"Carol", "Jones", "flew", "to", "Berlin", "."}
	out := make([]uint8, len(w))
	m2.Tag(w, nil, out)
	got := Spans(out, nil)
	if len(got) != 2 || got[0] != (Span{0, 2, PER}) || got[1] != (Span{4, 5, LOC}) {
		t.Errorf("tagged %v", got)
	}
	sc := Evaluate(m2, data)
	if _, _, f := sc.PRF(-1); f < 0.99 {
		t.Errorf("training F1 %.3f", f)
	}
	if _, err := Read(strings.NewReader("not a model")); err == nil {
		t.Error("Read accepted garbage")
	}
}

func TestViterbiKeepsBILOU(t *testing.T) {
	// random-ish scores must still decode to a well-formed sequence
	n := 50
	score := make([]int32, n*NumTags)
	for i := range score {
		score[i] = int32((i*7919)%1000 - 500)
	}
	var trans [(NumTags + 1) * NumTags]int32
	var end [NumTags]int32
	out := make([]uint8, n)
	viterbi(score, (*[NumTags]int32)(trans[NumTags*NumTags:]), &trans, &end, n, make([]uint8, n*NumTags), out)
	prev := uint8(NumTags)
	for i, tg := range out {
		if !allowed(prev, tg) {
			t.Fatalf("tag %s after %d at %d", TagName(tg), prev, i)
		}
		prev = tg
	}
	if !allowedEnd(prev) {
		t.Fatalf("ends on %s", TagName(prev))
	}
}

func TestSlotSize(t *testing.T) {
	if s := unsafe.Sizeof(slot{}); s != 32 {
		t.Errorf("slot is %d bytes, want 32", s)
	}
}
