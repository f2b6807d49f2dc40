package admin_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/copydesk/copydesk/internal/admin"
	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/store"
	"github.com/copydesk/copydesk/internal/testkit"
)

type fakeReader struct{}

func (fakeReader) GetRaw(_ context.Context, id string) ([]byte, error) {
	if id == "0123456789abcdef" {
		return []byte(`{"id":"0123456789abcdef"}`), nil
	}
	return nil, store.ErrNotFound
}

func (fakeReader) ByEntity(context.Context, string, string, time.Time, int) ([]*article.Record, error) {
	return nil, nil
}

func (fakeReader) TopEntities(context.Context, string, time.Time, int) ([]store.EntityCount, error) {
	return nil, nil
}

func (fakeReader) Story(context.Context, string, int) ([]*article.Record, error) {
	return nil, store.ErrNotFound
}

func TestTokenGuardsAllButProbes(t *testing.T) {
	h := admin.Handler(admin.Config{Token: "tok-123", Reader: fakeReader{},
		Ready: func(context.Context) error { return nil }})
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := testkit.HTTPClient(t)
	get := func(path, token string) int {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	cases := []struct {
		path, token string
		want        int
	}{
		{"/healthz", "", 200},
		{"/readyz", "", 200},
		{"/v1/articles/0123456789abcdef", "", 401},
		{"/v1/articles/0123456789abcdef", "wrong", 401},
		{"/v1/articles/0123456789abcdef", "tok-123", 200},
		{"/v1/articles/0123456789abcdef", "tok-1234", 401},
		{"/v1/articles/0123456789abcdef", "tok-12", 401},
		{"/v1/articles/ffffffffffffffff", "tok-123", 404},
		{"/v1/articles?entity=", "tok-123", 400},
		{"/v1/entities?type=person&top=5", "tok-123", 200},
		{"/v1/entities?type=planet", "tok-123", 400},
		{"/v1/entities?type=person&since=yesterday", "tok-123", 400},
		{"/v1/stories/0123456789abcdef", "tok-123", 404},
		{"/v1/stories/0123456789abcdef", "", 401},
		{"/v1/articles?entity=Paris&limit=5", "tok-123", 200},
		{"/v1/articles?entity=Paris&limit=-5", "tok-123", 400},
		{"/v1/articles?entity=Paris&limit=1e9", "tok-123", 400},
		{"/v1/articles?entity=Paris&limit=abc", "tok-123", 400},
		{"/v1/articles?entity=Paris&type=unknown", "tok-123", 400},
		{"/v1/entities?type=person&top=0", "tok-123", 400},
		{"/v1/entities?type=person&since=-24h", "tok-123", 400},
		{"/v1/stories/0123456789abcdef?limit=abc", "tok-123", 400},
	}
	for _, c := range cases {
		if got := get(c.path, c.token); got != c.want {
			t.Errorf("GET %s with token %q: %d, want %d", c.path, c.token, got, c.want)
		}
	}
}

func TestReadyAnswersWithinTwoSeconds(t *testing.T) {
	h := admin.Handler(admin.Config{Ready: func(context.Context) error { time.Sleep(5 * time.Second); return nil }})
	rr := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(rr, httptest.NewRequest("GET", "/readyz", nil))
	if d := time.Since(start); rr.Code != 503 || d > 3*time.Second {
		t.Fatalf("readyz with a check that hangs: %d after %v", rr.Code, d)
	}
}

func TestReadyReportsRedisDown(t *testing.T) {
	h := admin.Handler(admin.Config{Ready: func(context.Context) error { return errors.New("redis unreachable") }})
	rr := httptest.NewRecorder()
	h.ServeHTTP(rr, httptest.NewRequest("GET", "/readyz", nil))
	if rr.Code != 503 {
		t.Fatalf("readyz with redis down: %d", rr.Code)
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8077": true, "[::1]:80": true, "localhost:1": true,
		"0.0.0.0:8077": false, ":8077": false, "10.0.0.1:80": false,
	} {
		if got := admin.IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%s) = %v", addr, got)
		}
	}
}

func TestReadOnlyMonitor(t *testing.T) {
	h := admin.ReadOnlyMonitor(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	for method, want := range map[string]int{"GET": 200, "POST": 403, "DELETE": 403} {
		rr := httptest.NewRecorder()
		h.ServeHTTP(rr, httptest.NewRequest(method, "/monitor/api/queues", nil))
		if rr.Code != want {
			t.Errorf("%s: %d, want %d", method, rr.Code, want)
		}
	}
}

func TestLogLevelChangesAtRunTime(t *testing.T) {
	lvl := zap.NewAtomicLevelAt(zap.InfoLevel)
	h := admin.Handler(admin.Config{Level: lvl})
	rr := httptest.NewRecorder()
	h.ServeHTTP(rr, httptest.NewRequest("PUT", "/loglevel", strings.NewReader(`{"level":"debug"}`)))
	if rr.Code != 200 || lvl.Level() != zap.DebugLevel {
		t.Fatalf("PUT /loglevel: %d, level now %v", rr.Code, lvl.Level())
	}
	rr = httptest.NewRecorder()
	h.ServeHTTP(rr, httptest.NewRequest("GET", "/loglevel", nil))
	if !strings.Contains(rr.Body.String(), "debug") {
		t.Errorf("GET /loglevel = %s", rr.Body.String())
	}
}

func TestLocalMonitorDropsExternalFonts(t *testing.T) {
	page := `<html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto:300,400"/>` +
		`<link rel="stylesheet" href="https://fonts.googleapis.com/icon?family=Material+Icons"/>` +
		`<link href="/monitor/static/css/main.css" rel="stylesheet"></head><body>queues</body></html>`
	script := `var u="https://fonts.googleapis.com/x";`
	h := admin.LocalMonitor(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/monitor/static/main.js":
			w.Header().Set("Content-Type", "text/javascript")
			io.WriteString(w, script)
		case "/monitor/gone":
			w.WriteHeader(http.StatusNotFound)
		default:
			io.WriteString(w, page) // no Content-Type: sniffed as HTML
		}
	}))
	rr := httptest.NewRecorder()
	h.ServeHTTP(rr, httptest.NewRequest("GET", "/monitor/", nil))
	body := rr.Body.String()
	if rr.Code != 200 || strings.Contains(body, "googleapis") || !strings.Contains(body, "/monitor/static/css/main.css") || !strings.Contains(body, "queues") {
		t.Errorf("page: %d %s", rr.Code, body)
	}
	rr = httptest.NewRecorder()
	h.ServeHTTP(rr, httptest.NewRequest("GET", "/monitor/static/main.js", nil))
	if rr.Body.String() != script {
		t.Errorf("script changed: %s", rr.Body.String())
	}
	rr = httptest.NewRecorder()
	h.ServeHTTP(rr, httptest.NewRequest("GET", "/monitor/gone", nil))
	if rr.Code != http.StatusNotFound {
		t.Errorf("status without a body: %d", rr.Code)
	}
}

// everyTypeReader finds the same two articles under every entity type, as
// for a name indexed as a place and as a person.
type everyTypeReader struct{ fakeReader }

func (everyTypeReader) ByEntity(context.Context, string, string, time.Time, int) ([]*article.Record, error) {
	old, recent := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 6, 19, 0, 0, 0, 0, time.UTC)
	return []*article.Record{{ID: "recent", PublishedAt: &recent}, {ID: "old", PublishedAt: &old}}, nil
}

func TestArticlesByEntityAcrossTypes(t *testing.T) {
	h := admin.Handler(admin.Config{Reader: everyTypeReader{}})
	for query, want := range map[string]string{"": "recent,old", "&limit=1": "recent", "&type=person": "recent,old"} {
		rr := httptest.NewRecorder()
		h.ServeHTTP(rr, httptest.NewRequest("GET", "/v1/articles?entity=Paris"+query, nil))
		var body struct{ Articles []article.Record }
		if err := json.Unmarshal(rr.Body.Bytes(), &body); err != nil || rr.Code != 200 {
			t.Fatalf("%s: %d %s", query, rr.Code, rr.Body.String())
		}
		var ids []string
		for _, a := range body.Articles {
			ids = append(ids, a.ID)
		}
		if got := strings.Join(ids, ","); got != want {
			t.Errorf("entity=Paris%s: %s, want %s", query, got, want)
		}
	}
}

func TestRouterErrorsAreJSON(t *testing.T) {
	h := admin.Handler(admin.Config{Reader: fakeReader{}})
	for _, c := range []struct {
		method, path string
		code         int
	}{{"GET", "/v1/nothing", 404}, {"DELETE", "/v1/articles/x", 405}, {"POST", "/healthz", 404}} {
		rr := httptest.NewRecorder()
		h.ServeHTTP(rr, httptest.NewRequest(c.method, c.path, nil))
		var body struct{ Error string }
		if rr.Code != c.code || rr.Header().Get("Content-Type") != "application/json" || json.Unmarshal(rr.Body.Bytes(), &body) != nil || body.Error == "" {
			t.Errorf("%s %s: %d %q %s", c.method, c.path, rr.Code, rr.Header().Get("Content-Type"), rr.Body.String())
		}
	}
}
