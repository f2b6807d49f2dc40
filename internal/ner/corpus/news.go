package corpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
)

// NewsDoc is one line of a hand-annotated news file
// (internal/ner/testdata/news-*.jsonl): a text and its entity spans.
type NewsDoc struct {
	ID       string       `json:"id"`
	Text     string       `json:"text"`
	Entities []NewsEntity `json:"entities"`
}

// NewsEntity is one annotated span: UTF-8 byte offsets into the text and
// a type, PER, ORG or LOC.
type NewsEntity struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Type  string `json:"type"`
}

// ReadNews loads a news file, one JSON object a line.
func ReadNews(path string) ([]NewsDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open news file: %w", err)
	}
	defer f.Close()
	var out []NewsDoc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for line := 1; sc.Scan(); line++ {
		var d NewsDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}
