package chaos

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/internal/testkit"
	"github.com/copydesk/copydesk/tasks"
)

// Go's JSON encoder writes a valid U+FFFD as its three bytes and replaces
// an invalid byte with the escape \ufffd, so that escape in stored JSON
// means a string held invalid UTF-8 before it was encoded (and offsets
// computed on it may be wrong). Lone surrogate escapes are never valid.
var (
	coercedEscape   = regexp.MustCompile(`\\u[fF][fF][fF][dD]`)
	surrogateEscape = regexp.MustCompile(`\\u[dD][89a-fA-F][0-9a-fA-F]{2}`)
)

// jsonStringProblems checks a stored JSON document.
func jsonStringProblems(b []byte) []string {
	var out []string
	if !utf8.Valid(b) {
		out = append(out, "not valid UTF-8")
	}
	if !json.Valid(b) {
		out = append(out, "not valid JSON")
	}
	if coercedEscape.Match(b) {
		out = append(out, `holds \ufffd escapes: a string had invalid UTF-8 when it was encoded`)
	}
	if surrogateEscape.Match(b) {
		out = append(out, "holds a surrogate escape")
	}
	return out
}

// utf8Problems walks every key under prefix and reports each key name,
// string value, hash field, set or sorted-set member and stream field that
// is not valid UTF-8, and each record that is not valid JSON or was encoded
// from invalid UTF-8.
func utf8Problems(ctx context.Context, c redis.UniversalClient, prefix string) ([]string, int, error) {
	keys, err := scanKeys(ctx, c, prefix+"*")
	if err != nil {
		return nil, 0, err
	}
	var out []string
	bad := func(k, what, s string) {
		if !utf8.ValidString(s) {
			out = append(out, fmt.Sprintf("%q: %s %q is not valid UTF-8", k, what, truncate(s, 80)))
		}
	}
	records := 0
	for _, k := range keys {
		bad(k, "key name", k)
		typ, err := c.Type(ctx, k).Result()
		if err != nil {
			return nil, 0, err
		}
		switch typ {
		case "string":
			v, err := c.Get(ctx, k).Result()
			if err == redis.Nil {
				continue
			}
			if err != nil {
				return nil, 0, err
			}
			bad(k, "value", v)
			if strings.HasPrefix(v, "{") || strings.HasPrefix(v, "[") {
				if strings.Contains(k, ":article:{") && strings.HasSuffix(k, "}") {
					records++
				}
				for _, p := range jsonStringProblems([]byte(v)) {
					out = append(out, fmt.Sprintf("%q: %s", k, p))
				}
			}
		case "hash":
			m, err := c.HGetAll(ctx, k).Result()
			if err != nil {
				return nil, 0, err
			}
			for f, v := range m {
				bad(k, "hash field", f)
				bad(k, "hash value", v)
			}
		case "set":
			m, err := c.SMembers(ctx, k).Result()
			if err != nil {
				return nil, 0, err
			}
			for _, v := range m {
				bad(k, "set member", v)
			}
		case "zset":
			m, err := c.ZRange(ctx, k, 0, -1).Result()
			if err != nil {
				return nil, 0, err
			}
			for _, v := range m {
				bad(k, "sorted-set member", v)
			}
		case "list":
			m, err := c.LRange(ctx, k, 0, -1).Result()
			if err != nil {
				return nil, 0, err
			}
			for _, v := range m {
				bad(k, "list element", v)
			}
		case "stream":
			msgs, err := c.XRange(ctx, k, "-", "+").Result()
			if err != nil {
				return nil, 0, err
			}
			for _, m := range msgs {
				for f, v := range m.Values {
					bad(k, "stream field", f)
					bad(k, "stream value of "+f, fmt.Sprint(v))
				}
			}
		default:
			out = append(out, fmt.Sprintf("%q: unexpected type %s", k, typ))
		}
	}
	return out, records, nil
}

// TestUTF8CheckerSeesBadBytes shows that the checker is not vacuous: it
// flags invalid bytes wherever Redis can hold them, and a record that Go's
// encoder had to repair.
func TestUTF8CheckerSeesBadBytes(t *testing.T) {
	ctx := context.Background()
	rdb, prefix := testkit.Redis(t)
	type rec struct {
		Text string `json:"text"`
	}
	repaired, _ := json.Marshal(rec{Text: "caf\xe9"})  // the encoder writes \ufffd
	clean, _ := json.Marshal(rec{Text: "café \ufffd"}) // a real U+FFFD is fine
	rdb.Set(ctx, prefix+"article:{bad}", repaired, time.Minute)
	rdb.Set(ctx, prefix+"article:{good}", clean, time.Minute)
	rdb.Set(ctx, prefix+"raw", "M\xfcnchen", time.Minute)
	rdb.ZAdd(ctx, prefix+"entity:{person:x}", redis.Z{Score: 1, Member: "Jos\xe9"})
	rdb.XAdd(ctx, &redis.XAddArgs{Stream: prefix + "events", Values: []any{"title", "\xff"}})
	rdb.Set(ctx, prefix+"task:{\xfe}", "x", time.Minute)
	got, records, err := utf8Problems(ctx, rdb, prefix)
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(got, "\n")
	for _, want := range []string{`article:{bad}": holds \ufffd escapes`, `raw": value`, "sorted-set member", "stream value of title", "key name"} {
		if !strings.Contains(joined, want) {
			t.Errorf("checker missed %q; it reported:\n%s", want, joined)
		}
	}
	if strings.Contains(joined, "article:{good}") {
		t.Errorf("checker flagged a valid record:\n%s", joined)
	}
	if records != 2 {
		t.Errorf("checker counted %d records, want 2", records)
	}
}

// oddTexts are article texts full of characters that break naive code:
// replacement characters from lone surrogate escapes, controls, BOMs,
// noncharacters, bidi overrides, combining marks, emoji sequences and
// scripts of every width.
var oddTexts = []string{
	`"Mayor Ana Ruiz opened the library in Valencia on Monday.\n\nLone surrogates \ud800 and \udfff and a pair \ud83d\ude00 sat in the text, said Ruiz.\n\nThe council met again on Tuesday."`,
	`"\ufeffPresident Lula da Silva spoke in Bras\u00edlia on Friday.\n\nControl characters \u0001\u0002\u0007\u001b[31m red \u001b[0m and C1 \u0085\u009f\u0080 appear here.\n\n\u201cWe will build,\u201d Lula said."`,
	`"Noncharacters \ufffe\uffff and \ud83f\udffe in a story about Tokyo.\n\nPrime Minister Fumio Kishida visited \u6771\u4eac and \u5927\u962a on Thursday.\n\nBidi: \u202eevil\u202c and \u2066isolate\u2069 and \u200f\u200e marks."`,
	`"Z\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309\u030a\u030b\u030c\u030d\u030e\u030falgo text in Paris, said Anne Hidalgo.\n\nEmoji \ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\u200d\ud83d\udc66 \ud83c\uddeb\ud83c\uddf7 \u2764\ufe0f and a line\u2028separator\u2029here.\n\n\u0627\u0644\u0642\u0627\u0647\u0631\u0629 \u0939\u093f\u0928\u094d\u0926\u0940 \ud55c\uad6d\uc5b4 \u0e44\u0e17\u0e22 in one paragraph."`,
	`"Source: https://example.com/caf\u00e9?q=\u00fc\u00f1\u00ee\n\nMinister Jos\u00e9 Mar\u00eda Aznar visited M\u00fcnchen and Z\u00fcrich.\n\n\u00a0\u00a0Non-breaking\u00a0spaces\u3000and ideographic spaces\u2003everywhere.\u00ad"`,
}

// oddHTML are article:process HTML payloads: wrong charset declarations,
// numeric references to NUL, surrogates, C1 controls and beyond U+10FFFF.
var oddHTML = []string{
	"<!doctype html><html><head><meta charset=\"windows-1252\"><title>Caf\u00e9 &#128; &#0; &#xD800;</title></head><body><article><h1>Harbour news</h1>" +
		"<p>The harbour of Valpara\u00edso reopened on Tuesday &#128;&#x80;&#x9F; after repairs, the port authority said.</p>" +
		"<p>Port director Elena Soto said &#xD800;&#xDFFF;&#x110000;&#xFFFE;&#0; that ships could dock again by Friday.</p>" +
		"<p>Fishermen had waited for days for the cranes to be fixed, and many welcomed the news at the quay.</p></article></body></html>",
	"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=shift_jis\"><title>\u65e5\u672c</title></head><body><article>" +
		"<p>Prime Minister Fumio Kishida met reporters in Tokyo on Monday to discuss the budget for the coming year.</p>" +
		"<p>\u65e5\u672c\u653f\u5e9c\u306f\u6708\u66dc\u65e5\u3001\u65b0\u3057\u3044\u4e88\u7b97\u3092\u767a\u8868\u3057\u305f\u3002 The plan was approved.</p>" +
		"<p>Opposition leaders said the spending was too high and called for a debate in the Diet next week.</p></article></body></html>",
}

// page is what the loopback server answers for one path.
type page struct {
	contentType string
	body        []byte
}

func htmlDoc(title string, paras ...string) []byte {
	var b bytes.Buffer
	b.WriteString("<html><head><title>" + title + "</title></head><body><article><h1>" + title + "</h1>")
	for _, p := range paras {
		b.WriteString("<p>" + p + "</p>")
	}
	b.WriteString("</article></body></html>")
	return b.Bytes()
}

// oddPages are served to article:fetch: bytes that are not UTF-8 at all,
// with and without a charset saying so.
var oddPages = map[string]page{
	"/latin1-declared": {"text/html; charset=iso-8859-1", htmlDoc("Caf\xe9 in M\xfcnchen",
		"Mayor Dieter Reiter opened a caf\xe9 in M\xfcnchen on Monday, the city said in a statement.",
		"\xabIt is for everyone\xbb, Reiter said, while Jos\xe9 Mar\xeda from Z\xfcrich applauded.",
		"The caf\xe9 will stay open every day of the week, including Sundays and holidays.")},
	"/cp1252-undeclared": {"text/html", htmlDoc("\x93Smart quotes\x94 and \x80 euros",
		"The minister said \x93we will cut taxes\x94 at a rally in Madrid on Saturday \x96 to loud cheers.",
		"Prices rose by 5\x80 a month, said economist Mar\xeda L\xf3pez of the Bank of Spain.",
		"The opposition called the plan \x93a gift to the rich\x94 and promised to fight it in parliament.")},
	"/utf8-declared-but-not": {"text/html; charset=utf-8", htmlDoc("Broken \xff\xfe bytes \xc3",
		"The council of Valencia met on Monday \xc3\x28 to vote on the budget \xe2\x82 for the next year.",
		"Councillor Ana Ruiz said \xed\xa0\x80 the vote was close \xf4\x90\x80\x80 and the debate long.",
		"A final vote is planned for Friday \xc0\xaf, when all members are expected to attend \xe2\x82")},
	"/utf16le": {"text/html; charset=utf-16le", utf16le("\ufeff" + string(htmlDoc("Sixteen bits",
		"President Lula da Silva spoke in Bras\u00edlia on Friday about the new railway to the coast.",
		"\u201cWe will build it in four years,\u201d Lula said, standing next to the governor of Goi\u00e1s.",
		"Engineers said the first section would open to freight trains before the end of next year.")))},
	"/nul-and-escapes": {"text/html; charset=utf-8", htmlDoc("NUL\x00 and ESC\x1b[31m",
		"The port of Rotterdam\x00 reported record traffic \x1b[0m in June, harbour master Jan de Vries said.",
		"Container volumes grew by \x07 twelve percent \x00\x00 compared with the same month last year.",
		"Shipping lines expect the growth to continue into the autumn as new routes open to Asia.")},
	"/koi8r": {"text/html; charset=koi8-r", htmlDoc("\xf0\xd2\xc9\xd7\xc5\xd4",
		"Mayor Sergei Sobyanin opened a new metro line in Moscow on Tuesday \xed\xcf\xd3\xcb\xd7\xc1.",
		"The line has twelve stations and will carry half a million passengers a day, the city said.",
		"Construction took five years and cost more than planned, according to the city audit office.")},
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			hi, lo := 0xD800+(r>>10), 0xDC00+(r&0x3FF)
			b = append(b, byte(hi), byte(hi>>8), byte(lo), byte(lo>>8))
			continue
		}
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func TestEveryStoredStringIsValidUTF8(t *testing.T) {
	ctx := context.Background()
	rdb, prefix := testkit.Redis(t)
	queue := testkit.Queue(t, rdb)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := oddPages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", p.contentType)
		w.Write(p.body)
	}))
	defer srv.Close()
	startWorker(t, workerSpec{RedisURL: "redis://" + testkit.Addr(), Prefix: prefix, Queue: queue,
		Args: []string{"--unsafe-allow-loopback-fetch", "--host-rate", "100000"}})
	client := asynq.NewClientFromRedisClient(rdb)
	insp := asynq.NewInspectorFromRedisClient(rdb)

	var ids []string
	enqueue := func(typ string, payload []byte) {
		t.Helper()
		info, err := client.Enqueue(asynq.NewTask(typ, payload), asynq.Queue(queue), asynq.MaxRetry(0), asynq.Retention(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, info.ID)
	}
	for i, txt := range oddTexts {
		enqueue(tasks.TypeArticleProcess, []byte(fmt.Sprintf(`{"text":%s,"url":"https://odd.example/text/%d","title":"T\u00edtulo \ud800 %d"}`, txt, i, i)))
	}
	for i, h := range oddHTML {
		b, _ := json.Marshal(map[string]string{"html": h, "url": fmt.Sprintf("https://odd.example/html/%d", i)})
		enqueue(tasks.TypeArticleProcess, b)
	}
	for path := range oddPages {
		b, _ := json.Marshal(map[string]string{"url": srv.URL + path})
		enqueue(tasks.TypeArticleFetch, b)
	}
	testkit.Eventually(t, 60*time.Second, "every odd article handled", func() bool {
		s, ok := stateOf(insp, queue)
		return ok && s.unfinished() == 0 && s.Completed+s.Archived == len(ids)
	})
	stored := 0
	for _, id := range ids {
		info, err := insp.GetTaskInfo(queue, id)
		if err != nil {
			t.Fatal(err)
		}
		if info.State == asynq.TaskStateCompleted {
			stored++
			continue
		}
		t.Logf("%s %s archived: %s", info.Type, truncate(string(info.Payload), 80), info.LastErr)
		if info.Type == tasks.TypeArticleProcess {
			// Every article:process payload here is valid; odd characters
			// are no reason to refuse it.
			t.Errorf("valid article:process payload %s refused: %s", truncate(string(info.Payload), 80), info.LastErr)
		}
	}
	problems, records, err := utf8Problems(ctx, rdb, prefix)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	if records != stored {
		t.Errorf("%d tasks completed but %d records found", stored, records)
	}
	if records < len(oddTexts)+len(oddHTML)+len(oddPages)/2 {
		t.Errorf("only %d of %d odd articles were stored: too few to show anything", records, len(ids))
	}
	t.Logf("%d of %d odd articles stored; every stored string checked", records, len(ids))
}
