package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRun builds a model from a tiny corpus laid out like ner-en.
func TestRun(t *testing.T) {
	data := t.TempDir()
	out := t.TempDir()
	if err := os.MkdirAll(filepath.Join(data, "ner-en"), 0o755); err != nil {
		t.Fatal(err)
	}
	corpus := "The\tO\nsanctions\tO\nhit\tO\nRussia\tB-LOC\n.\tO\n\n" +
		"New\tO\nsanctions\tO\non\tO\n#Russia\tO\n@someone\tO\nhttp://t.co/x\tO\n\n"
	for _, src := range sources {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		if _, err := zw.Write([]byte(corpus)); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(data, "ner-en", src.file), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := run(data, out, 2); err != nil {
		t.Fatalf("run: %v", err)
	}
	f, err := os.Open(filepath.Join(out, "background.tsv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var model bytes.Buffer
	if _, err := model.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	got := model.String()
	// wikigold groups 10 sentences per document (1 here), the others one
	// sentence per document (2 each, 9 files): 19 documents.
	for _, want := range []string{"docs\t19\n", "s\tsanction\t19\n", "s\trussia\t19\n", "w\tsanctions\tsanction\n", "w\trussia\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("model lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "someone") || strings.Contains(got, "http") || strings.Contains(got, "#russia") {
		t.Errorf("handles, links or hashtags leaked into the model:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(out, "ATTRIBUTION.md")); err != nil {
		t.Errorf("no attribution written: %v", err)
	}
	if err := run(filepath.Join(data, "missing"), out, 2); err == nil {
		t.Error("a missing corpus must be an error")
	}
}
