package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestProcessJSONLFiles reads JSONL payloads from named files and stdin,
// one record or error line per payload.
func TestProcessJSONLFiles(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.jsonl")
	if err := os.WriteFile(a, []byte(`{"text":"The harbour in Valparaíso reopened on Monday, officials said."}`+"\n"+`{"text": 5}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdin := strings.NewReader(`{"text":"Fishermen in Quintero asked for compensation, the union said."}` + "\n")
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"process", "--jsonl", a, "-"}, stdin, &out, &errb)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if code != 1 || len(lines) != 3 || !strings.Contains(lines[0], "Valparaíso") || !strings.Contains(lines[1], `"error"`) || !strings.Contains(lines[2], "Quintero") {
		t.Errorf("exit %d, %d lines:\n%s\n%s", code, len(lines), out.String(), errb.String())
	}
}
