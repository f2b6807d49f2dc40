package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeGzip(t *testing.T, name string, data []byte) {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSplit(t *testing.T) {
	for id, want := range map[string]string{"0abc": "dev", "7fff": "dev", "8000": "test", "f123": "test", "": "test"} {
		if got := split(id); got != want {
			t.Errorf("split(%q) = %q, want %q", id, got, want)
		}
	}
}

func TestRun(t *testing.T) {
	data := t.TempDir()
	dir := filepath.Join(data, "article-extraction-benchmark")
	if err := os.MkdirAll(filepath.Join(dir, "html"), 0o755); err != nil {
		t.Fatal(err)
	}
	body := []string{
		"The harbour authority said the quay would stay open during the works, although boats may be asked to use the outer berths for several weeks.",
		"Local traders welcomed the decision and said that the restored mill could become a reason for visitors to stay an extra day in the town.",
		"A public exhibition of the plans will be held in the library next month, and residents will be able to comment on the design.",
	}
	page := "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><p>" +
		strings.Join(body, "</p><p>") + "</p></article></body></html>"
	truth := map[string]map[string]string{}
	for _, id := range []string{"1111", "9999"} {
		writeGzip(t, filepath.Join(dir, "html", id+".html.gz"), []byte(page))
		truth[id] = map[string]string{"articleBody": strings.Join(body, "\n"), "url": "https://example.com/" + id}
	}
	gt, err := json.Marshal(truth)
	if err != nil {
		t.Fatal(err)
	}
	writeGzip(t, filepath.Join(dir, "ground-truth.json.gz"), gt)

	var out bytes.Buffer
	if err := run(config{data: data, split: "all"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2 pages", "copydesk", "go-trafilatura", "go-readability"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	// copydesk gets the synthetic story exactly: P = R = F1 = accuracy = 1.
	rows := 0
	for _, line := range strings.Split(out.String(), "\n") {
		f := strings.Fields(line)
		if len(f) == 8 && f[0] == "copydesk" {
			rows++
			if f[3] != "1.000" || f[4] != "1.000" || f[5] != "1.000" || f[6] != "1.000" {
				t.Errorf("copydesk row: %s", line)
			}
		}
	}
	if rows != 3 {
		t.Errorf("%d copydesk rows (dev, test, all), want 3:\n%s", rows, out.String())
	}

	out.Reset()
	if err := run(config{data: data, split: "dev", only: "copydesk"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "1 pages") || strings.Contains(out.String(), "go-trafilatura") {
		t.Errorf("-split dev -only copydesk:\n%s", out.String())
	}
	if err := run(config{data: data, split: "train"}, &out); err == nil {
		t.Error("-split train accepted")
	}
	if err := run(config{data: t.TempDir(), split: "all"}, &out); err == nil {
		t.Error("missing data accepted")
	}
}
