package corpus

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/copydesk/copydesk/internal/ner/gazetteer"
	"github.com/copydesk/copydesk/internal/ner/tagger"
)

// Train lists the files the model is trained on. The CrossNER dev splits
// are training data, as the corpus README suggests; no test split and none
// of the files in Dev or Test is ever used for training.
var Train = []string{
	"btc_a.tsv.gz", "btc_b.tsv.gz", "btc_e.tsv.gz", "btc_g.tsv.gz", "btc_h.tsv.gz",
	"wnut17_train.tsv.gz",
	"crossner_politics_train.tsv.gz", "crossner_politics_dev.tsv.gz",
	"crossner_literature_train.tsv.gz", "crossner_literature_dev.tsv.gz",
	"crossner_music_train.tsv.gz", "crossner_music_dev.tsv.gz",
}

// Dev lists the files used to choose training settings (epochs, features).
var Dev = []string{"uner_en_ewt_dev.tsv.gz", "wnut17_dev.tsv.gz"}

// Test lists the held-out evaluation files: the README's designated
// evaluation set plus the remaining CrossNER test splits.
var Test = []string{
	"wikigold.tsv.gz", "btc_f.tsv.gz", "wnut17_test.tsv.gz", "uner_en_ewt_test.tsv.gz",
	"crossner_politics_test.tsv.gz", "crossner_literature_test.tsv.gz", "crossner_music_test.tsv.gz",
}

// Sentence is one sentence of a corpus file: tokens and IOB2 labels.
type Sentence struct {
	Words  []string
	Labels []string
}

// Read loads one gzip-compressed token<TAB>tag file.
func Read(path string) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open corpus: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", filepath.Base(path), err)
	}
	defer zr.Close()
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	var out []Sentence
	var cur Sentence
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			if len(cur.Words) > 0 {
				out = append(out, cur)
			}
			cur = Sentence{}
			continue
		}
		tok, tag, ok := strings.Cut(line, "\t")
		if !ok || tok == "" {
			continue
		}
		cur.Words = append(cur.Words, tok)
		cur.Labels = append(cur.Labels, tag)
	}
	if len(cur.Words) > 0 {
		out = append(out, cur)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", filepath.Base(path), err)
	}
	return out, nil
}

// ReadAll loads the named files from dir, in order.
func ReadAll(dir string, files []string) ([]Sentence, error) {
	var out []Sentence
	for _, f := range files {
		s, err := Read(filepath.Join(dir, f))
		if err != nil {
			return nil, err
		}
		out = append(out, s...)
	}
	return out, nil
}

// Tagged annotates each sentence with the gazetteer's flags and converts
// its IOB2 labels, for training and scoring the tagger.
func Tagged(gz *gazetteer.Gazetteer, in []Sentence) []tagger.Sentence {
	out := make([]tagger.Sentence, len(in))
	for i, s := range in {
		flags := make([]uint32, len(s.Words))
		gz.Annotate(s.Words, flags, nil)
		out[i] = tagger.Sentence{Words: s.Words, Gaz: flags, Tags: tagger.FromIOB2(s.Labels)}
	}
	return out
}
