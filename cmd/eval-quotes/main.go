// Command eval-quotes scores the quotes stage against a hand-annotated gold
// sample of real news text.
//
// Usage:
//
//	go run ./cmd/eval-quotes [-data ../shared/data] [-gold FILES] [-split dev|test|test2|dev3|dev4|dev5|dev6|test3|all] [-match overlap|exact] [-v]
//
// The gold files (internal/quotes/testdata/news-gold.jsonl, news-test.jsonl,
// news-test3.jsonl, news-dev3.jsonl, news-dev4.jsonl, news-dev5.jsonl and
// news-dev6.jsonl) hold article bodies (for dev4, dev5 and dev6, runs of
// their paragraphs) from the
// MIT-licensed article-extraction benchmark with every direct quote and its
// speaker annotated by hand. Each line names its part: "dev" and "test"
// (the first file), "test2" (the second file), "test3" (the third file, the
// held-out set; nothing was tuned on it), "dev3" (the fourth file,
// development data annotated after test3), "dev4" (the fifth file,
// the first 6,000 bytes of longer articles) and "dev5" (the sixth file,
// the next 6,000 bytes of the same articles) and "dev6" (the seventh file:
// the later passages of those articles and the short articles left
// over), development data annotated last. "test" and "test2" were each
// held out once and their errors read afterwards: they are development
// data now. -data is the shared data
// folder (default ../shared/data, relative to the repository root); it is
// read only to check that each gold text is still the benchmark's
// articleBody, and the check is skipped when the folder is absent.
//
// Sentence spans come from internal/segment (or, with -sents=fallback, each
// stage's own split) and entities from internal/ner, as in the pipeline;
// -ents=ner+gold adds the gold speaker names as entities, to measure
// attribution apart from NER misses. A
// predicted quote matches a gold quote when their spans overlap by at
// least half of the longer one (-match overlap), or when they are equal
// (-match exact); matching is one-to-one. Speaker accuracy is over matched
// quotes: a nil speaker is right when the gold speaker is nil, and a name
// is right when it equals the gold name, or when one name's words are a
// subset of the other's or the last words agree ("Trump" and "Donald
// Trump"; "Jr." and "Sr." aside), or when the gold name is so related to
// one of the surfaces the article uses for the predicted entity ("UK" for
// the entity named "Britain"); -strict requires equal names.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/ner"
	"github.com/copydesk/copydesk/internal/progress"
	"github.com/copydesk/copydesk/internal/quotes"
	"github.com/copydesk/copydesk/internal/segment"
)

// goldQuote is one annotated quote.
type goldQuote struct {
	Start   int     `json:"start"`
	End     int     `json:"end"`
	Speaker *string `json:"speaker"`
}

// goldDoc is one annotated article.
type goldDoc struct {
	ID     string      `json:"id"`
	Split  string      `json:"split"`
	URL    string      `json:"url"`
	Text   string      `json:"text"`
	Quotes []goldQuote `json:"quotes"`
}

// config is the command line.
type config struct {
	data    string
	gold    string
	split   string
	match   string
	sents   string
	ents    string
	strict  bool
	verbose bool
}

func main() {
	var c config
	flag.StringVar(&c.data, "data", "../shared/data", "shared data folder holding article-extraction-benchmark/ (read to verify the gold texts)")
	flag.StringVar(&c.gold, "gold", "internal/quotes/testdata/news-gold.jsonl,internal/quotes/testdata/news-test.jsonl,internal/quotes/testdata/news-test3.jsonl,internal/quotes/testdata/news-dev3.jsonl,internal/quotes/testdata/news-dev4.jsonl,internal/quotes/testdata/news-dev5.jsonl,internal/quotes/testdata/news-dev6.jsonl", "gold annotations (comma-separated JSONL files)")
	flag.StringVar(&c.split, "split", "all", "which part to score: dev, test, test2, dev3, dev4, dev5, dev6, test3 (held out) or all (reports each part)")
	flag.StringVar(&c.match, "match", "overlap", "span matching: overlap (>= 50% of the longer span) or exact")
	flag.StringVar(&c.sents, "sents", "segment", "sentence spans given to NER and quotes: segment (internal/segment, as in the pipeline) or fallback (nil: each stage's own split)")
	flag.StringVar(&c.ents, "ents", "ner", "entities: ner (internal/ner), or ner+gold to add every gold speaker name as an entity (a diagnostic of attribution alone, independent of NER misses)")
	flag.BoolVar(&c.strict, "strict", false, "speaker names must be equal")
	flag.BoolVar(&c.verbose, "v", false, "print every error")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: eval-quotes [flags]\n\nScores internal/quotes on the hand-annotated gold sample; -data (default ../shared/data) is read to verify the gold texts against the benchmark.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "eval-quotes:", err)
		os.Exit(1)
	}
}

func run(c config, w io.Writer) error {
	if c.match != "overlap" && c.match != "exact" {
		return fmt.Errorf("bad -match %q", c.match)
	}
	if c.ents != "ner" && c.ents != "ner+gold" {
		return fmt.Errorf("bad -ents %q", c.ents)
	}
	if c.sents != "fallback" && c.sents != "segment" {
		return fmt.Errorf("bad -sents %q", c.sents)
	}
	var docs []goldDoc
	for _, path := range strings.Split(c.gold, ",") {
		d, err := readGold(strings.TrimSpace(path))
		if err != nil {
			return err
		}
		docs = append(docs, d...)
	}
	if err := verify(docs, c.data, w); err != nil {
		return err
	}
	rec, err := ner.New()
	if err != nil {
		return fmt.Errorf("load ner: %w", err)
	}
	parts := []string{"dev", "test", "test2", "dev3", "test3", "dev4", "dev5", "dev6"}
	switch c.split {
	case "all":
	case "dev", "test", "test2", "dev3", "test3", "dev4", "dev5", "dev6":
		parts = []string{c.split}
	default:
		return fmt.Errorf("bad -split %q", c.split)
	}
	total := 0
	for _, d := range docs {
		if slices.Contains(parts, d.Split) {
			total++
		}
	}
	prog := progress.New(os.Stderr, "eval-quotes", total)
	var scores []score
	for _, part := range parts {
		var s score
		for _, d := range docs {
			if d.Split != part {
				continue
			}
			prog.Step(d.ID[:min(8, len(d.ID))])
			var sents []article.Span
			if c.sents == "segment" {
				sents = segment.Sentences(d.Text)
			}
			ents := rec.Entities(d.Text, sents)
			if c.ents == "ner+gold" {
				ents = addGoldNames(d, ents)
			}
			pred := quotes.Find(d.Text, sents, ents)
			s.add(d, pred, aliasesOf(ents), c, w)
		}
		scores = append(scores, s)
	}
	prog.Finish()
	for i, part := range parts {
		scores[i].print(part, w)
	}
	return nil
}

func readGold(path string) ([]goldDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open gold: %w", err)
	}
	defer f.Close()
	var docs []goldDoc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var d goldDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("parse gold line %d: %w", len(docs)+1, err)
		}
		for _, q := range d.Quotes {
			if q.Start < 0 || q.End > len(d.Text) || q.Start >= q.End {
				return nil, fmt.Errorf("gold %s: bad span %d-%d", d.ID, q.Start, q.End)
			}
		}
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read gold: %w", err)
	}
	return docs, nil
}

// verify checks the gold texts against the benchmark's ground truth.
func verify(docs []goldDoc, data string, w io.Writer) error {
	path := filepath.Join(data, "article-extraction-benchmark", "ground-truth.json.gz")
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(w, "note: %s not found; gold texts not verified\n", path)
		return nil
	}
	if err != nil {
		return fmt.Errorf("open ground truth: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("read ground truth: %w", err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	if err := json.NewDecoder(zr).Decode(&gt); err != nil {
		return fmt.Errorf("decode ground truth: %w", err)
	}
	for _, d := range docs {
		if body := gt[d.ID].ArticleBody; body != d.Text && !passage(body, d.Text) {
			return fmt.Errorf("gold %s: text is neither the benchmark's articleBody nor a run of its paragraphs", d.ID)
		}
	}
	fmt.Fprintf(w, "gold: %d articles verified against %s\n", len(docs), path)
	return nil
}

// passage reports whether text is a run of consecutive paragraphs of body
// (its non-blank lines, trimmed), joined by blank lines: the form of the
// excerpts in news-dev4.jsonl (the first paragraphs), news-dev5.jsonl
// (the ones after them) and news-dev6.jsonl.
func passage(body, text string) bool {
	var paras []string
	for _, l := range strings.Split(body, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			paras = append(paras, l)
		}
	}
	parts := strings.Split(text, "\n\n")
	for i := 0; i+len(parts) <= len(paras); i++ {
		if slices.Equal(paras[i:i+len(parts)], parts) {
			return true
		}
	}
	return false
}

// score accumulates counts for one part.
type score struct {
	docs, gold, pred, matched, speakerOK int
	pronounRight, pronounAll             int
}

// aliasesOf maps each entity's name to the surfaces the article uses for
// it: a speaker is right when the gold name is any of them ("UK" for the
// entity named "Britain").
func aliasesOf(ents []article.Entity) map[string][]string {
	out := make(map[string][]string, len(ents))
	for _, e := range ents {
		out[e.Name] = append(out[e.Name], e.Aliases...)
	}
	return out
}

func (s *score) add(d goldDoc, pred []article.Quote, aliases map[string][]string, c config, w io.Writer) {
	s.docs++
	s.gold += len(d.Quotes)
	s.pred += len(pred)
	usedP := make([]bool, len(pred))
	usedG := make([]bool, len(d.Quotes))
	// Greedy one-to-one matching, best overlap first.
	for {
		bi, bj, best := -1, -1, 0.0
		for i, g := range d.Quotes {
			if usedG[i] {
				continue
			}
			for j, p := range pred {
				if usedP[j] {
					continue
				}
				if v := overlap(g.Start, g.End, p.Start, p.End, c.match); v > best {
					bi, bj, best = i, j, v
				}
			}
		}
		if bi < 0 {
			break
		}
		usedG[bi], usedP[bj] = true, true
		s.matched++
		g, p := d.Quotes[bi], pred[bj]
		ok := sameSpeaker(g.Speaker, p.Speaker, c.strict)
		if !ok && !c.strict && g.Speaker != nil && p.Speaker != nil {
			for _, a := range aliases[*p.Speaker] {
				if sameSpeaker(g.Speaker, &a, false) {
					ok = true
					break
				}
			}
		}
		if ok {
			s.speakerOK++
		} else if c.verbose {
			fmt.Fprintf(w, "  speaker %s: %q gold=%s pred=%s (%s)\n", d.ID[:8], clip(d.Text[g.Start:g.End]), str(g.Speaker), str(p.Speaker), p.Verb)
		}
	}
	if c.verbose {
		for i, g := range d.Quotes {
			if !usedG[i] {
				fmt.Fprintf(w, "  missed  %s: %q gold=%s\n", d.ID[:8], clip(d.Text[g.Start:g.End]), str(g.Speaker))
			}
		}
		for j, p := range pred {
			if !usedP[j] {
				fmt.Fprintf(w, "  extra   %s: %q pred=%s (%s)\n", d.ID[:8], clip(p.Text), str(p.Speaker), p.Verb)
			}
		}
	}
}

func (s *score) print(part string, w io.Writer) {
	p := ratio(s.matched, s.pred)
	r := ratio(s.matched, s.gold)
	f1 := 0.0
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	if s.docs == 0 {
		return
	}
	fmt.Fprintf(w, "%-5s articles=%d gold=%d pred=%d matched=%d  P=%.3f R=%.3f F1=%.3f  speaker accuracy=%.3f (%d/%d)\n",
		part, s.docs, s.gold, s.pred, s.matched, p, r, f1, ratio(s.speakerOK, s.matched), s.speakerOK, s.matched)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// overlap scores two spans: their overlap over the longer length, counted
// only from 0.5 up (overlap mode), or 1 when equal (exact mode).
func overlap(gs, ge, ps, pe int, mode string) float64 {
	if mode == "exact" {
		if gs == ps && ge == pe {
			return 1
		}
		return 0
	}
	lo, hi := max(gs, ps), min(ge, pe)
	if hi <= lo {
		return 0
	}
	v := float64(hi-lo) / float64(max(ge-gs, pe-ps))
	if v < 0.5 {
		return 0
	}
	return v
}

// sameSpeaker compares a gold and a predicted speaker.
func sameSpeaker(g, p *string, strict bool) bool {
	if g == nil || p == nil {
		return g == nil && p == nil
	}
	if strict {
		return *g == *p
	}
	gw, pw := nameWords(*g), nameWords(*p)
	if len(gw) == 0 || len(pw) == 0 {
		return false
	}
	if gw[len(gw)-1] == pw[len(pw)-1] {
		return true
	}
	return subset(gw, pw) || subset(pw, gw)
}

func nameWords(s string) []string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := f[:0]
	for _, w := range f {
		switch w {
		case "the", "jr", "sr", "ii", "iii":
			// not part of the comparison: "Patrick Carlineo Jr." is
			// "Pat Carlineo"'s namesake by surname
		default:
			out = append(out, w)
		}
	}
	return out
}

func subset(a, b []string) bool {
	for _, x := range a {
		found := false
		for _, y := range b {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// addGoldNames adds each gold speaker name that no entity has as its Name,
// with mentions at every whole-word occurrence of the name (and, for a
// person, of its last word) not already covered by a mention. The type is
// the NER's for that surface when it has one, else person for names of
// two or more words and organisation for one word.
func addGoldNames(d goldDoc, ents []article.Entity) []article.Entity {
	covered := make([]bool, len(d.Text))
	byName := map[string]string{}
	for _, e := range ents {
		byName[e.Name] = e.Type
		for _, a := range e.Aliases {
			byName[a] = e.Type
		}
		for _, m := range e.Mentions {
			for i := max(m.Start, 0); i < min(m.End, len(d.Text)); i++ {
				covered[i] = true
			}
		}
	}
	seen := map[string]bool{}
	for _, q := range d.Quotes {
		if q.Speaker == nil || seen[*q.Speaker] {
			continue
		}
		name := *q.Speaker
		seen[name] = true
		if _, ok := byName[name]; ok {
			continue
		}
		typ := article.Organization
		if len(strings.Fields(name)) >= 2 {
			typ = article.Person
		}
		surfaces := []string{name}
		if f := strings.Fields(name); typ == article.Person && len(f) > 1 {
			surfaces = append(surfaces, f[len(f)-1])
		}
		e := article.Entity{Name: name, Type: typ}
		for _, sf := range surfaces {
			for from := 0; ; {
				k := strings.Index(d.Text[from:], sf)
				if k < 0 {
					break
				}
				st, en := from+k, from+k+len(sf)
				from = en
				if wordAt(d.Text, st-1) || wordAt(d.Text, en) || covered[st] || covered[en-1] {
					continue
				}
				for i := st; i < en; i++ {
					covered[i] = true
				}
				e.Mentions = append(e.Mentions, article.Span{Start: st, End: en})
			}
		}
		ents = append(ents, e)
	}
	return ents
}

// wordAt reports whether the byte at i belongs to a letter or digit.
func wordAt(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func str(s *string) string {
	if s == nil {
		return "nil"
	}
	return *s
}

func clip(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
