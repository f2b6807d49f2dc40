package corpus

import (
	"compress/gzip"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.tsv.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	zw.Write([]byte("Alice\tB-PER\nsaw\tO\n\nParis\tB-LOC\n.\tO\n"))
	zw.Close()
	f.Close()
	got, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(got[0].Words) != 2 || got[1].Words[0] != "Paris" || got[1].Labels[0] != "B-LOC" {
		t.Fatalf("Read = %+v", got)
	}
}

func TestSplitsDisjoint(t *testing.T) {
	seen := map[string]string{}
	for name, files := range map[string][]string{"train": Train, "dev": Dev, "test": Test} {
		for _, f := range files {
			if prev, ok := seen[f]; ok {
				t.Errorf("%s is in both %s and %s", f, prev, name)
			}
			seen[f] = name
		}
	}
}

func TestReadNews(t *testing.T) {
	docs, err := ReadNews("../testdata/news-dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 34 {
		t.Fatalf("%d documents, want 34", len(docs))
	}
	for _, d := range docs {
		for _, e := range d.Entities {
			if e.Start < 0 || e.End > len(d.Text) || e.Start >= e.End || (e.Type != "PER" && e.Type != "ORG" && e.Type != "LOC") {
				t.Fatalf("%s: bad entity %+v", d.ID, e)
			}
		}
	}
	if _, err := ReadNews("../testdata/missing.jsonl"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v, want fs.ErrNotExist", err)
	}
}
