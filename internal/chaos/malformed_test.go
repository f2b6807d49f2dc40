package chaos

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/copydesk/copydesk/internal/pipeline"
	"github.com/copydesk/copydesk/internal/testkit"
	"github.com/copydesk/copydesk/tasks"
)

// malformed is one hostile payload and what its archive reason must say.
type malformed struct {
	Type    string
	Kind    string // the category, for messages and counts
	Payload []byte
	// Reason lists substrings the archive reason must all contain.
	Reason []string
}

// genFunc builds one malformed payload of a task type.
type genFunc func(r *rand.Rand, typ string) ([]byte, []string)

// category is a kind of malformed payload, the task types it applies to and
// how many of a run may use it (0: no cap), so that the multi-megabyte
// kinds stay few.
type category struct {
	kind  string
	types []string
	max   int
	gen   genFunc
}

var (
	allTypes  = []string{tasks.TypeArticleProcess, tasks.TypeArticleFetch, tasks.TypeFeedPoll}
	urlTypes  = []string{tasks.TypeArticleFetch, tasks.TypeFeedPoll}
	textTypes = []string{tasks.TypeArticleProcess}
)

// words is filler text for generated payloads.
var words = strings.Fields(`the harbour reopened on tuesday after a week of repairs port director
elena soto said ships can dock again and traffic will be back to normal by friday fishermen waited
for the cranes to be fixed minister visit council budget vote river flood bridge school`)

func sentence(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = words[r.Intn(len(words))]
	}
	return strings.Join(w, " ") + "."
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// goodURL is a harmless http(s) URL.
func goodURL(r *rand.Rand) string {
	return fmt.Sprintf("https://news%d.example/%s/%d", r.Intn(50), words[r.Intn(len(words))], r.Intn(1e6))
}

// validPayload is a valid payload of typ, ASCII only, with no trailing
// whitespace (so that every strict prefix of it is invalid JSON).
func validPayload(r *rand.Rand, typ string) string {
	switch typ {
	case tasks.TypeArticleProcess:
		return fmt.Sprintf(`{"text":%s,"url":%s,"title":%s}`, jsonString(sentence(r, 20)), jsonString(goodURL(r)), jsonString(sentence(r, 4)))
	case tasks.TypeArticleFetch:
		return fmt.Sprintf(`{"url":%s,"feed_url":%s}`, jsonString(goodURL(r)), jsonString(goodURL(r)))
	default:
		return fmt.Sprintf(`{"url":%s,"max_items":%d}`, jsonString(goodURL(r)), 1+r.Intn(50))
	}
}

// withField returns a payload of typ with field set to the raw JSON value,
// other required fields valid.
func withField(r *rand.Rand, typ, field, raw string) []byte {
	m := map[string]json.RawMessage{}
	switch typ {
	case tasks.TypeArticleProcess:
		m["text"] = json.RawMessage(jsonString(sentence(r, 12)))
	default:
		m["url"] = json.RawMessage(jsonString(goodURL(r)))
	}
	m[field] = json.RawMessage(raw)
	b, err := json.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("withField %s=%s: %v", field, raw, err))
	}
	return b
}

// urlField is the field that carries the URL under test for typ.
func urlField(r *rand.Rand, typ string) string {
	if typ == tasks.TypeArticleFetch && r.Intn(3) == 0 {
		return "feed_url"
	}
	return "url"
}

func deep(open, close string, n int) string {
	return strings.Repeat(open, n) + strings.Repeat(close, n)
}

// categories are the malformed kinds. Every Reason names the problem in
// the words of the decoder's message.
var categories = []category{
	{"truncated JSON", allTypes, 0, func(r *rand.Rand, typ string) ([]byte, []string) {
		v := validPayload(r, typ)
		return []byte(v[:1+r.Intn(len(v)-1)]), []string{"malformed JSON"}
	}},
	{"trailing garbage", allTypes, 0, func(r *rand.Rand, typ string) ([]byte, []string) {
		return []byte(validPayload(r, typ) + []string{"x", "}", ",{}", " []"}[r.Intn(4)]), []string{"malformed JSON"}
	}},
	{"null", allTypes, 0, func(r *rand.Rand, typ string) ([]byte, []string) {
		return []byte([]string{"null", " null", "null\n"}[r.Intn(3)]), []string{"not a JSON object"}
	}},
	{"not an object", allTypes, 0, func(r *rand.Rand, typ string) ([]byte, []string) {
		v := []string{"[]", "[" + validPayload(r, typ) + "]", `"` + sentence(r, 5) + `"`, "42", "true", "", "   ", "\ufeff" + validPayload(r, typ)}
		return []byte(v[r.Intn(len(v))]), []string{"not a JSON object"}
	}},
	{"wrong type", allTypes, 0, func(r *rand.Rand, typ string) ([]byte, []string) {
		bad := []string{"42", "-1.5e300", "true", "false", `{"x":1}`, `["a","b"]`}
		var fields []string
		switch typ {
		case tasks.TypeArticleProcess:
			fields = []string{"text", "html", "url", "title", "language", "source"}
		case tasks.TypeArticleFetch:
			fields = []string{"url", "feed_url", "title"}
		default:
			fields = []string{"url"}
		}
		f := fields[r.Intn(len(fields))]
		if typ == tasks.TypeFeedPoll && r.Intn(2) == 0 {
			return withField(r, typ, "max_items", []string{`"ten"`, "1.5", "true", "[1]"}[r.Intn(4)]), []string{"cannot unmarshal"}
		}
		if typ != tasks.TypeFeedPoll && r.Intn(4) == 0 {
			return withField(r, typ, "authors", []string{`"Bob"`, "1", `{"a":"b"}`, "[1,2]"}[r.Intn(4)]), []string{"cannot unmarshal"}
		}
		return withField(r, typ, f, bad[r.Intn(len(bad))]), []string{"cannot unmarshal"}
	}},
	{"bad published_at", []string{tasks.TypeArticleProcess, tasks.TypeArticleFetch}, 0, func(r *rand.Rand, typ string) ([]byte, []string) {
		v := []string{`"yesterday"`, `"2024-13-45T99:00:00Z"`, `"19/06/2024"`, "1718755200", `""`}
		return withField(r, typ, "published_at", v[r.Intn(len(v))]), []string{"malformed JSON"}
	}},
	{"invalid UTF-8", allTypes, 0, func(r *rand.Rand, typ string) ([]byte, []string) {
		bad := []string{"\xff", "\xfe\xff", "\xc3\x28", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "\x80"}
		v := validPayload(r, typ)
		at := strings.Index(v, `":"`) + 3 + r.Intn(4)
		return []byte(v[:at] + bad[r.Intn(len(bad))] + v[at:]), []string{"not valid UTF-8"}
	}},
	{"deep nesting", allTypes, 0, func(r *rand.Rand, typ string) ([]byte, []string) {
		n := 10000 + r.Intn(100)
		v := validPayload(r, typ)
		if r.Intn(2) == 0 {
			return []byte(v[:len(v)-1] + `,"extra":` + deep("[", "]", n) + "}"), []string{"malformed JSON", "depth"}
		}
		return []byte(v[:len(v)-1] + `,"extra":` + strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n) + "}"), []string{"malformed JSON", "depth"}
	}},
	{"oversized text", textTypes, 3, func(r *rand.Rand, typ string) ([]byte, []string) {
		n := 1<<20 + 1 + r.Intn(1<<16)
		return []byte(`{"text":"` + strings.Repeat("a", n) + `"}`), []string{"text is", "over the 1048576-byte limit"}
	}},
	{"oversized html", textTypes, 3, func(r *rand.Rand, typ string) ([]byte, []string) {
		n := 5<<20 + 1 + r.Intn(1<<16)
		body := "<html><body><p>" + strings.Repeat("b", n) + "</p></body></html>"
		return []byte(`{"html":` + jsonString(body) + `}`), []string{"html is", "over the 5242880-byte limit"}
	}},
	{"oversized payload", allTypes, 2, func(r *rand.Rand, typ string) ([]byte, []string) {
		v := validPayload(r, typ)
		return []byte(v[:len(v)-1] + `,"padding":"` + strings.Repeat("p", 8<<20) + `"}`), []string{"over the 8388608-byte limit"}
	}},
	{"missing fields", allTypes, 0, func(r *rand.Rand, typ string) ([]byte, []string) {
		v := []string{"{}", `{"title":"only a title"}`, `{"txt":"typo in the field name"}`, `{"link":"https://example.com/"}`}
		if typ == tasks.TypeArticleProcess {
			return []byte(v[r.Intn(len(v))]), []string{"no text or html"}
		}
		return []byte(v[r.Intn(len(v))]), []string{"url is required"}
	}},
	{"empty text", textTypes, 0, func(r *rand.Rand, typ string) ([]byte, []string) {
		v := []string{`""`, `"   "`, `"\n\t \r\n"`, `" \u2003 "`}
		f := []string{"text", "html"}[r.Intn(2)]
		return []byte(`{"` + f + `":` + v[r.Intn(len(v))] + `}`), []string{"no text or html"}
	}},
	{"both text and html", textTypes, 0, func(r *rand.Rand, typ string) ([]byte, []string) {
		return []byte(fmt.Sprintf(`{"text":%s,"html":%s}`, jsonString(sentence(r, 8)), jsonString("<p>"+sentence(r, 8)+"</p>"))),
			[]string{"both text and html"}
	}},
	{"not an http URL", allTypes, 0, func(r *rand.Rand, typ string) ([]byte, []string) {
		v := []string{"javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "file:///etc/passwd", "file://localhost/etc/shadow",
			"gopher://127.0.0.1:6379/_FLUSHALL", "ftp://example.com/a", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox", "mailto:a@example.com"}
		return withField(r, typ, urlField(r, typ), jsonString(v[r.Intn(len(v))])), []string{"not an http or https URL"}
	}},
	{"10 KB URL", allTypes, 0, func(r *rand.Rand, typ string) ([]byte, []string) {
		u := "https://example.com/" + strings.Repeat("a", 10<<10+r.Intn(1000))
		return withField(r, typ, urlField(r, typ), jsonString(u)), []string{"over the 2048-byte limit"}
	}},
	{"URL with userinfo", allTypes, 0, func(r *rand.Rand, typ string) ([]byte, []string) {
		return withField(r, typ, urlField(r, typ), jsonString("https://admin:hunter2@example.com/x")), []string{"userinfo"}
	}},
	{"URL without host or with a bad port", allTypes, 0, func(r *rand.Rand, typ string) ([]byte, []string) {
		v := []string{"https:///path", "http://", "https://example.com:99999/", "https://example.com:0/", "//example.com/x"}
		return withField(r, typ, urlField(r, typ), jsonString(v[r.Intn(len(v))])), []string{"URL"}
	}},
	{"NUL bytes", allTypes, 0, func(r *rand.Rand, typ string) ([]byte, []string) {
		if typ == tasks.TypeArticleProcess && r.Intn(2) == 0 {
			return withField(r, typ, "text", jsonString(sentence(r, 5)+"\x00"+sentence(r, 5))), []string{"NUL"}
		}
		return withField(r, typ, urlField(r, typ), jsonString("https://example.com/a\x00b")), []string{"invalid control character"}
	}},
	{"max_items out of range", []string{tasks.TypeFeedPoll}, 0, func(r *rand.Rand, typ string) ([]byte, []string) {
		return withField(r, typ, "max_items", []string{"-1", "10001", "2147483647"}[r.Intn(3)]), []string{"max_items"}
	}},
	{"bad language", textTypes, 0, func(r *rand.Rand, typ string) ([]byte, []string) {
		return withField(r, typ, "language", jsonString([]string{"English", "EN", "e", "en-US", "xx1"}[r.Intn(5)])), []string{"ISO 639-1"}
	}},
}

// generateMalformed returns n malformed payloads, the same for the same
// seed, spread over the three task types.
func generateMalformed(seed int64, n int) []malformed {
	r := rand.New(rand.NewSource(seed))
	used := map[string]int{}
	out := make([]malformed, 0, n)
	for len(out) < n {
		c := categories[r.Intn(len(categories))]
		if c.max > 0 && used[c.kind] >= c.max {
			continue
		}
		// Rotate through the types so that each gets a third.
		typ := allTypes[len(out)%3]
		ok := false
		for _, t := range c.types {
			ok = ok || t == typ
		}
		if !ok {
			typ = c.types[r.Intn(len(c.types))]
		}
		used[c.kind]++
		p, reason := c.gen(r, typ)
		out = append(out, malformed{Type: typ, Kind: c.kind, Payload: p, Reason: reason})
	}
	return out
}

// enqueueRaw enqueues the payloads as they are (no constructor, no
// validation) on queue with MaxRetry 5, 8 at a time, and returns their task
// ids in order.
func enqueueRaw(t *testing.T, client *asynq.Client, queue string, ms []malformed) []string {
	t.Helper()
	ids := make([]string, len(ms))
	var wg sync.WaitGroup
	errs := make(chan error, len(ms))
	next := make(chan int)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				info, err := client.Enqueue(asynq.NewTask(ms[i].Type, ms[i].Payload), asynq.Queue(queue), asynq.MaxRetry(5))
				if err != nil {
					errs <- fmt.Errorf("enqueue %d (%s): %w", i, ms[i].Kind, err)
					continue
				}
				ids[i] = info.ID
			}
		}()
	}
	for i := range ms {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	return ids
}

// checkArchived checks that every payload was archived on its first attempt
// with a reason naming its problem, and returns the problems found.
func checkArchived(ms []malformed, ids []string, archived map[string]*asynq.TaskInfo, firstAttempt bool) []string {
	var problems []string
	for i, m := range ms {
		info, ok := archived[ids[i]]
		if !ok {
			problems = append(problems, fmt.Sprintf("#%d %s %s: not archived", i, m.Type, m.Kind))
			continue
		}
		if firstAttempt && info.Retried != 0 {
			problems = append(problems, fmt.Sprintf("#%d %s %s: retried %d times before it was archived", i, m.Type, m.Kind, info.Retried))
		}
		if strings.TrimSpace(info.LastErr) == "" {
			problems = append(problems, fmt.Sprintf("#%d %s %s: archived without a reason", i, m.Type, m.Kind))
		}
		for _, want := range append([]string{"invalid payload"}, m.Reason...) {
			if !strings.Contains(info.LastErr, want) {
				problems = append(problems, fmt.Sprintf("#%d %s %s: reason %q does not say %q", i, m.Type, m.Kind, truncate(info.LastErr, 300), want))
			}
		}
	}
	return problems
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// TestMalformedPayloadsAreDecodeErrors checks the generator itself: each
// payload is refused by the decoder of its type with the expected reason,
// so the end-to-end test below cannot pass because the generator is wrong.
func TestMalformedPayloadsAreDecodeErrors(t *testing.T) {
	ms := generateMalformed(20240619, 1000)
	kinds := map[string]int{}
	types := map[string]int{}
	for i, m := range ms {
		kinds[m.Kind]++
		types[m.Type]++
		if len(m.Reason) == 0 {
			t.Fatalf("#%d %s: no expected reason", i, m.Kind)
		}
		var err error
		switch m.Type {
		case tasks.TypeArticleProcess:
			_, err = tasks.DecodeArticleProcess(m.Payload, pipeline.DefaultLimits)
		case tasks.TypeArticleFetch:
			_, err = tasks.DecodeArticleFetch(m.Payload, 0)
		case tasks.TypeFeedPoll:
			_, err = tasks.DecodeFeedPoll(m.Payload, 0)
		}
		if err == nil {
			t.Errorf("#%d %s %s: decoder accepted %q", i, m.Type, m.Kind, truncate(string(m.Payload), 200))
			continue
		}
		for _, want := range m.Reason {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("#%d %s %s: decoder says %q, want it to name %q", i, m.Type, m.Kind, truncate(err.Error(), 300), want)
			}
		}
	}
	if len(kinds) != len(categories) {
		t.Errorf("generated %d kinds of %d: %v", len(kinds), len(categories), kinds)
	}
	for _, typ := range allTypes {
		if types[typ] < 250 {
			t.Errorf("only %d payloads of %s", types[typ], typ)
		}
	}
	// Deterministic: the same seed gives the same payloads.
	again := generateMalformed(20240619, 1000)
	for i := range ms {
		if string(ms[i].Payload) != string(again[i].Payload) {
			t.Fatalf("payload %d differs between two runs with the same seed", i)
		}
	}
}

func TestMalformedPayloads(t *testing.T) {
	ctx := context.Background()
	rdb, prefix := testkit.Redis(t)
	queue := testkit.Queue(t, rdb)
	ms := generateMalformed(20240619, 1000)

	w := startWorker(t, workerSpec{RedisURL: "redis://" + testkit.Addr(), Prefix: prefix, Queue: queue,
		Args: []string{"--servers", "2", "--concurrency", "8"}})
	client := asynq.NewClientFromRedisClient(rdb)
	insp := asynq.NewInspectorFromRedisClient(rdb)

	start := time.Now()
	ids := enqueueRaw(t, client, queue, ms)
	var st queueState
	testkit.Eventually(t, 2*time.Minute, "each of the 1000 payloads handled once", func() bool {
		s, ok := stateOf(insp, queue)
		st = s
		return ok && s.Pending+s.Active == 0 && s.Archived+s.Completed+s.Retry+s.Scheduled == len(ms)
	})
	took := time.Since(start)
	if st.Completed != 0 || st.Retry != 0 || st.Scheduled != 0 {
		t.Fatalf("of 1000 malformed payloads, %d completed and %d wait for a retry; want all archived at once", st.Completed, st.Retry+st.Scheduled)
	}
	archived := archivedTasks(t, insp, queue)
	problems := checkArchived(ms, ids, archived, true)
	for i, p := range problems {
		if i == 20 {
			t.Errorf("… and %d more", len(problems)-20)
			break
		}
		t.Error(p)
	}
	if !w.running() {
		t.Fatalf("the worker exited: %v\n%s", w.exitErr(), w.log.String())
	}
	if strings.Contains(w.log.String(), "panic") {
		t.Errorf("the worker log mentions a panic")
	}
	keys, err := dataKeys(ctx, rdb, prefix)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 0 {
		sort.Strings(keys)
		t.Errorf("malformed payloads left %d keys under the prefix, want none: %v", len(keys), keys[:min(len(keys), 10)])
	}
	t.Logf("1000 malformed payloads archived in %s (first attempt: %d/1000)", took.Round(time.Millisecond), len(ms)-countRetried(archived))

	// A good article afterwards is still processed.
	task, err := tasks.NewArticleProcessTask(tasks.ArticleProcessPayload{
		Text: "Mayor Ana Ruiz opened the new library in Valencia on Monday.\n\n“It belongs to everyone,” Ruiz said.",
		URL:  "https://example.com/library-after-the-storm",
	}, asynq.Queue(queue))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Enqueue(task); err != nil {
		t.Fatal(err)
	}
	id := *tasks.KnownArticleID(task)
	testkit.Eventually(t, 30*time.Second, "the good article's record", func() bool {
		n, err := rdb.Exists(ctx, prefix+"article:{"+id+"}").Result()
		return err == nil && n == 1
	})
	if !w.running() {
		t.Fatalf("the worker exited: %v", w.exitErr())
	}
}

func countRetried(m map[string]*asynq.TaskInfo) int {
	n := 0
	for _, i := range m {
		if i.Retried > 0 {
			n++
		}
	}
	return n
}
