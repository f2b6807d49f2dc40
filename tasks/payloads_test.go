package tasks_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/pipeline"
	"github.com/copydesk/copydesk/tasks"
)

func TestDecodeArticleProcessRejects(t *testing.T) {
	lim := pipeline.DefaultLimits
	cases := []struct {
		name, payload, want string
	}{
		{"truncated", `{"text": "abc`, "malformed JSON"},
		{"null", `null`, "not a JSON object"},
		{"array", `[1,2]`, "not a JSON object"},
		{"empty", ``, "not a JSON object"},
		{"wrong type", `{"text": 42}`, "malformed JSON"},
		{"empty text", `{"text": "   "}`, "no text or html"},
		{"both", `{"text": "a", "html": "<p>b</p>"}`, "both text and html"},
		{"invalid utf8", "{\"text\": \"caf\xe9\"}", "not valid UTF-8"},
		{"oversized text", `{"text": "` + strings.Repeat("a", lim.MaxText+1) + `"}`, "over the 1048576-byte limit"},
		{"oversized html", `{"html": "` + strings.Repeat("a", lim.MaxHTML+1) + `"}`, "over the 5242880-byte limit"},
		{"long url", `{"text": "a", "url": "https://example.com/` + strings.Repeat("a", 3000) + `"}`, "over the 2048-byte limit"},
		{"javascript url", `{"text": "a", "url": "javascript:alert(1)"}`, "url"},
		{"file url", `{"text": "a", "url": "file:///etc/passwd"}`, "url"},
		{"bad date", `{"text": "a", "published_at": "yesterday"}`, "malformed JSON"},
		{"long title", `{"text": "a", "title": "` + strings.Repeat("t", tasks.MaxTitle+1) + `"}`, "title is 2049 bytes"},
		{"many authors", `{"text": "a", "authors": [` + strings.Repeat(`"A B",`, tasks.MaxAuthors) + `"C D"]}`, "51 authors"},
		{"bad language", `{"text": "a", "language": "english"}`, "ISO 639-1"},
		{"nul bytes", `{"text": "a\u0000b"}`, "NUL"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := tasks.DecodeArticleProcess([]byte(c.payload), lim)
			if err == nil {
				t.Fatal("accepted")
			}
			if !errors.Is(err, tasks.ErrInvalidPayload) {
				t.Errorf("error %v does not wrap ErrInvalidPayload", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not say %q", err, c.want)
			}
		})
	}
}

func TestTaskIDs(t *testing.T) {
	a, err := tasks.NewArticleProcessTask(tasks.ArticleProcessPayload{Text: "x", URL: "https://Example.com:443/a?utm_source=x#frag"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := tasks.NewArticleProcessTask(tasks.ArticleProcessPayload{Text: "other text", URL: "https://example.com/a"})
	if err != nil {
		t.Fatal(err)
	}
	ida, _, _ := tasks.Identity(a)
	idb, _, _ := tasks.Identity(b)
	if ida != idb {
		t.Errorf("same canonical URL, different TaskIDs: %s %s", ida, idb)
	}
	if !strings.HasPrefix(ida, "article:process:") || len(ida) != len("article:process:")+64 {
		t.Errorf("TaskID %q: want type prefix and 64 hex digits", ida)
	}
	c, _ := tasks.NewArticleProcessTask(tasks.ArticleProcessPayload{Text: "x"})
	d, _ := tasks.NewArticleProcessTask(tasks.ArticleProcessPayload{Text: "y"})
	idc, _, _ := tasks.Identity(c)
	idd, _, _ := tasks.Identity(d)
	if idc == idd {
		t.Error("different texts share a TaskID")
	}
	f, err := tasks.NewArticleFetchTask(tasks.ArticleFetchPayload{URL: "https://example.com/a"})
	if err != nil {
		t.Fatal(err)
	}
	idf, q, _ := tasks.Identity(f)
	if idf == ida || q != tasks.QueueDefault {
		t.Errorf("fetch task id %s queue %s", idf, q)
	}
	if aid := tasks.KnownArticleID(f); aid == nil || *aid != pipeline.ID("https://example.com/a") {
		t.Errorf("KnownArticleID = %v", aid)
	}
	if _, err := tasks.NewFeedPollTask(tasks.FeedPollPayload{URL: "gopher://example.com/"}); err == nil {
		t.Error("gopher feed accepted")
	}
}

func TestLooksLikeHTML(t *testing.T) {
	for in, want := range map[string]bool{
		"<!DOCTYPE html><html><body><p>x</p></body></html>": true,
		"  <html lang=en>":                        true,
		"<div class=a><p>Body</p></div>":          true,
		"Putin arrived in <b>Pyongyang</b> today": false,
		"Plain text.\n\nSecond paragraph.":        false,
	} {
		if got := tasks.LooksLikeHTML([]byte(in)); got != want {
			t.Errorf("LooksLikeHTML(%q) = %v", in, got)
		}
	}
}

// TestPayloadFromDocumentDecodes checks that a document in a legacy
// charset reaches the payload as UTF-8 (JSON would otherwise turn its
// bytes into U+FFFD), and that a payload built by hand from such bytes is
// refused.
func TestPayloadFromDocumentDecodes(t *testing.T) {
	latin1 := []byte("Le caf\xe9 \xe0 Z\xfcrich rouvre ses portes.")
	if p := tasks.PayloadFromDocument(latin1); p.Text != "Le café à Zürich rouvre ses portes." {
		t.Errorf("latin-1 text: %q", p.Text)
	}
	page := []byte("<html><head><meta charset=\"iso-8859-2\"><title>\xa3\xf3d\xbc</title></head><body><p>Pogoda w \xa3odzi.</p></body></html>")
	if p := tasks.PayloadFromDocument(page); !strings.Contains(p.HTML, "Pogoda w Łodzi.") || p.Text != "" {
		t.Errorf("iso-8859-2 page: %q", p.HTML)
	}
	utf16 := []byte{0xFF, 0xFE, 'H', 0, 'i', 0, ' ', 0, 0xE9, 0}
	if p := tasks.PayloadFromDocument(utf16); p.Text != "Hi é" {
		t.Errorf("utf-16 text: %q", p.Text)
	}
	if _, err := tasks.NewArticleProcessTask(tasks.ArticleProcessPayload{Text: string(latin1)}); !errors.Is(err, tasks.ErrInvalidPayload) {
		t.Errorf("invalid UTF-8 text: err = %v, want ErrInvalidPayload", err)
	}
}
