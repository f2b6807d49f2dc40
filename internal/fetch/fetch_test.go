package fetch

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"
)

func loopbackClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	cfg.AllowLoopback = true
	c, _ := guardedClient(t, cfg)
	return c
}

// TestGzipBomb serves 1 GiB of zeros gzip-compressed, generated while
// streaming. The body is cut at the 5 MiB cap and the client allocates far
// less than the bomb's size.
func TestGzipBomb(t *testing.T) {
	var produced atomic.Int64
	srv := newCountingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		gz, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		zeros := make([]byte, 64<<10)
		for produced.Load() < 1<<30 {
			if _, err := gz.Write(zeros); err != nil {
				return
			}
			produced.Add(int64(len(zeros)))
		}
		_ = gz.Close()
	})
	c := loopbackClient(t, Config{})

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := c.Get(context.Background(), Request{URL: srv.URL})
	runtime.ReadMemStats(&after)

	e := fetchErr(t, err, ClassTooLarge)
	if !IsPermanent(e) {
		t.Error("too_large is not permanent")
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %.1f MB; server generated %d MiB of zeros before the client hung up",
		float64(alloc)/1e6, produced.Load()>>20)
	if alloc >= 64<<20 {
		t.Fatalf("allocated %d bytes for a capped body, want < 64 MB", alloc)
	}
	if produced.Load() >= 1<<30 {
		t.Fatal("the whole bomb was sent: the client did not stop reading")
	}
}

// TestDripFeed: a server sending one byte every 50 ms is cut at the total
// timeout, and the failure is transient.
func TestDripFeed(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fl := w.(http.Flusher)
		for {
			if _, err := w.Write([]byte("x")); err != nil {
				return
			}
			fl.Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	c := loopbackClient(t, Config{TotalTimeout: 500 * time.Millisecond})
	start := time.Now()
	_, err := c.Get(context.Background(), Request{URL: srv.URL})
	elapsed := time.Since(start)
	fetchErr(t, err, ClassTimeout)
	if IsPermanent(err) {
		t.Error("timeout is permanent")
	}
	if elapsed < 400*time.Millisecond || elapsed > 2*time.Second {
		t.Fatalf("returned after %v, want about 500ms", elapsed)
	}
}

// TestHeaderTimeout: a server that never sends headers is cut at the
// header timeout.
func TestHeaderTimeout(t *testing.T) {
	srv := newCountingServer(t, func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	c := loopbackClient(t, Config{HeaderTimeout: 200 * time.Millisecond})
	start := time.Now()
	_, err := c.Get(context.Background(), Request{URL: srv.URL})
	fetchErr(t, err, ClassTimeout)
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v", d)
	}
}

// TestHugeContentLength: a Content-Length above the cap is refused without
// waiting for the body (the server would stall for 5 s).
func TestHugeContentLength(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", strconv.FormatInt(10<<30, 10))
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	c := loopbackClient(t, Config{})
	start := time.Now()
	_, err := c.Get(context.Background(), Request{URL: srv.URL})
	e := fetchErr(t, err, ClassTooLarge)
	if !strings.Contains(e.Error(), "Content-Length") {
		t.Errorf("error does not mention Content-Length: %v", e)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("took %v: the body was waited for", d)
	}
}

// TestBodyCap: a chunked body one byte over the cap fails, one exactly at
// the cap passes.
func TestBodyCap(t *testing.T) {
	const limit = 64 << 10
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < n; i += 1000 {
			_, _ = w.Write([]byte(strings.Repeat("a", min(1000, n-i))))
			w.(http.Flusher).Flush()
		}
	})
	c := loopbackClient(t, Config{MaxBodyBytes: limit})
	resp, err := c.Get(context.Background(), Request{URL: srv.URL + "?n=" + strconv.Itoa(limit)})
	if err != nil {
		t.Fatalf("body at the cap: %v", err)
	}
	if len(resp.Body) != limit {
		t.Fatalf("body length %d, want %d", len(resp.Body), limit)
	}
	_, err = c.Get(context.Background(), Request{URL: srv.URL + "?n=" + strconv.Itoa(limit+1)})
	fetchErr(t, err, ClassTooLarge)
}

func TestStatusClasses(t *testing.T) {
	date := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(r.URL.Query().Get("code"))
		if ra := r.URL.Query().Get("ra"); ra != "" {
			w.Header().Set("Retry-After", ra)
		}
		w.WriteHeader(code)
	})
	c := loopbackClient(t, Config{})
	cases := []struct {
		code      int
		ra        string
		want      Class
		permanent bool
		retry     time.Duration // -1: none
	}{
		{404, "", ClassNotFound, true, -1},
		{410, "", ClassNotFound, true, -1},
		{400, "", ClassClientError, true, -1},
		{403, "", ClassClientError, true, -1},
		{451, "", ClassClientError, true, -1},
		{408, "", ClassTimeout, false, -1},
		{500, "", ClassServerError, false, -1},
		{502, "", ClassServerError, false, -1},
		{503, "", ClassServerError, false, -1},
		{503, "120", ClassRateLimited, false, 120 * time.Second},
		{429, "7", ClassRateLimited, false, 7 * time.Second},
		{429, "", ClassRateLimited, false, -1},
		{429, date, ClassRateLimited, false, 90 * time.Second},
		{429, "soon", ClassRateLimited, false, -1},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%d_%s", tc.code, tc.ra), func(t *testing.T) {
			_, err := c.Get(context.Background(), Request{URL: fmt.Sprintf("%s/?code=%d&ra=%s", srv.URL, tc.code, url.QueryEscape(tc.ra))})
			e := fetchErr(t, err, tc.want)
			if e.Status != tc.code {
				t.Errorf("Status = %d, want %d", e.Status, tc.code)
			}
			if IsPermanent(err) != tc.permanent {
				t.Errorf("IsPermanent = %v, want %v", !tc.permanent, tc.permanent)
			}
			d, ok := RetryAfterOf(err)
			switch {
			case tc.retry < 0 && ok:
				t.Errorf("RetryAfterOf = %v, want none", d)
			case tc.retry >= 0 && (!ok || d < tc.retry-2*time.Second || d > tc.retry):
				t.Errorf("RetryAfterOf = %v, %v; want about %v", d, ok, tc.retry)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"7", 7 * time.Second, true},
		{" 0 ", 0, true},
		{"-3", 0, false},
		{"999999999999", 24 * time.Hour, true},
		{"Sat, 01 Mar 2025 12:01:00 GMT", time.Minute, true},
		{"Sat, 01 Mar 2025 11:00:00 GMT", 0, true},
		{"Saturday, 01-Mar-25 12:00:30 GMT", 30 * time.Second, true},
		{"later", 0, false},
		{"", 0, false},
	}
	for _, tc := range cases {
		d, ok := parseRetryAfter(tc.in, now)
		if d != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, d, ok, tc.want, tc.ok)
		}
	}
}

func TestContentType(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/pdf":
			w.Header().Set("Content-Type", "application/pdf")
			_, _ = w.Write([]byte("%PDF-1.4"))
		case "/rss":
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			_, _ = w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>`))
		case "/untyped-html":
			w.Header()["Content-Type"] = nil
			_, _ = w.Write([]byte("<!DOCTYPE html><html><body>hi</body></html>"))
		case "/brotli":
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "br")
			_, _ = w.Write([]byte{0x1b, 0x03, 0x00})
		case "/gzip":
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "gzip")
			gz := gzip.NewWriter(w)
			_, _ = gz.Write([]byte("<p>zipped</p>"))
			_ = gz.Close()
		case "/untyped-binary":
			w.Header()["Content-Type"] = nil
			_, _ = w.Write([]byte{0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0})
		}
	})
	c := loopbackClient(t, Config{})
	_, err := c.Get(context.Background(), Request{URL: srv.URL + "/pdf"})
	fetchErr(t, err, ClassContentType)
	if !IsPermanent(err) {
		t.Error("content_type is not permanent")
	}
	_, err = c.Get(context.Background(), Request{URL: srv.URL + "/rss"})
	fetchErr(t, err, ClassContentType)
	resp, err := c.Get(context.Background(), Request{URL: srv.URL + "/rss", Accept: FeedMediaTypes()})
	if err != nil {
		t.Fatalf("feed with feed Accept: %v", err)
	}
	if resp.ContentType != "application/rss+xml" {
		t.Errorf("ContentType = %q", resp.ContentType)
	}
	resp, err = c.Get(context.Background(), Request{URL: srv.URL + "/untyped-html"})
	if err != nil || resp.ContentType != "text/html" {
		t.Fatalf("untyped HTML: %v, %+v", err, resp)
	}
	_, err = c.Get(context.Background(), Request{URL: srv.URL + "/untyped-binary"})
	fetchErr(t, err, ClassContentType)
	_, err = c.Get(context.Background(), Request{URL: srv.URL + "/brotli"})
	fetchErr(t, err, ClassContentType)
	resp, err = c.Get(context.Background(), Request{URL: srv.URL + "/gzip"})
	if err != nil || string(resp.Body) != "<p>zipped</p>" {
		t.Fatalf("gzip page: %v, %+v", err, resp)
	}
}

func TestCharsets(t *testing.T) {
	pages := map[string]struct {
		contentType string
		body        []byte
	}{
		"/latin1-header":  {"text/html; charset=ISO-8859-1", []byte("<p>caf\xe9 na\xefve \xa3</p>")},
		"/cp1252-meta":    {"text/html", []byte(`<html><head><meta charset="windows-1252"></head><body>` + "\x93quoted\x94 \x80 caf\xe9</body></html>")},
		"/latin1-http-eq": {"text/html", []byte(`<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">` + "<p>se\xf1or</p>")},
		"/utf8-bom":       {"text/html", []byte("\xef\xbb\xbf<p>caf\xc3\xa9</p>")},
		"/utf16le-bom":    {"text/html", []byte("\xff\xfe<\x00p\x00>\x00\xe9\x00")},
		"/bad-utf8":       {"text/html; charset=utf-8", []byte("<p>caf\xc3\xa9 \xff\xfe ok \xc3\xa9</p>")},
		"/wrong-label":    {"text/html; charset=iso-8859-1", []byte("<p>caf\xc3\xa9 \xe2\x80\x9cok\xe2\x80\x9d</p>")},
		"/xml-latin1":     {"application/xml", []byte(`<?xml version="1.0" encoding="ISO-8859-1"?>` + "<rss><t>caf\xe9</t></rss>")},
		"/unlabelled":     {"text/html", []byte("<p>caf\xe9</p>")},
	}
	want := map[string]struct{ text, charset string }{
		"/latin1-header":  {"café naïve £", "windows-1252"},
		"/cp1252-meta":    {"“quoted” € café", "windows-1252"},
		"/latin1-http-eq": {"señor", "windows-1252"},
		"/utf8-bom":       {"<p>café</p>", "utf-8"},
		"/utf16le-bom":    {"<p>é", "utf-16le"},
		"/bad-utf8":       {"café \uFFFD\uFFFD ok é", "utf-8"},
		"/wrong-label":    {"café “ok”", "utf-8"},
		"/xml-latin1":     {"café", "windows-1252"},
		"/unlabelled":     {"café", "windows-1252"},
	}
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		p := pages[r.URL.Path]
		w.Header().Set("Content-Type", p.contentType)
		_, _ = w.Write(p.body)
	})
	c := loopbackClient(t, Config{Accept: []string{"text/html", "application/xml"}})
	for path, w := range want {
		resp, err := c.Get(context.Background(), Request{URL: srv.URL + path})
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if !utf8.Valid(resp.Body) {
			t.Errorf("%s: body is not valid UTF-8", path)
		}
		if !strings.Contains(string(resp.Body), w.text) {
			t.Errorf("%s: body %q does not contain %q", path, resp.Body, w.text)
		}
		if resp.Charset != w.charset {
			t.Errorf("%s: Charset = %q, want %q", path, resp.Charset, w.charset)
		}
	}
}

func TestConditionalGet(t *testing.T) {
	const etag = `"v1"`
	const lastMod = "Sat, 01 Mar 2025 12:00:00 GMT"
	var sawINM, sawIMS atomic.Value
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		sawINM.Store(r.Header.Get("If-None-Match"))
		sawIMS.Store(r.Header.Get("If-Modified-Since"))
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<p>fresh</p>"))
	})
	c := loopbackClient(t, Config{})
	first, err := c.Get(context.Background(), Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if first.NotModified || first.ETag != etag || first.LastModified != lastMod || string(first.Body) != "<p>fresh</p>" {
		t.Fatalf("first response %+v", first)
	}
	second, err := c.Get(context.Background(), Request{URL: srv.URL, ETag: first.ETag})
	if err != nil {
		t.Fatal(err)
	}
	if !second.NotModified || second.Status != 304 || second.Body != nil || second.ETag != etag {
		t.Fatalf("second response %+v", second)
	}
	if sawINM.Load() != etag {
		t.Fatalf("server saw If-None-Match %q", sawINM.Load())
	}
	third, err := c.Get(context.Background(), Request{URL: srv.URL, LastModified: lastMod})
	if err != nil || !third.NotModified {
		t.Fatalf("If-Modified-Since: %v, %+v", err, third)
	}
	if sawIMS.Load() != lastMod {
		t.Fatalf("server saw If-Modified-Since %q", sawIMS.Load())
	}
}

func TestRedirects(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case strings.HasPrefix(r.URL.Path, "/hop/"):
			n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/"))
			if n > 0 {
				http.Redirect(w, r, "/hop/"+strconv.Itoa(n-1), http.StatusMovedPermanently)
				return
			}
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("end"))
		}
	})
	c := loopbackClient(t, Config{MaxRedirects: 3})
	resp, err := c.Get(context.Background(), Request{URL: srv.URL + "/hop/3"})
	if err != nil {
		t.Fatalf("3 redirects with MaxRedirects 3: %v", err)
	}
	if resp.URL != srv.URL+"/hop/0" {
		t.Errorf("final URL %q", resp.URL)
	}
	before := srv.hits.Load()
	_, err = c.Get(context.Background(), Request{URL: srv.URL + "/loop"})
	e := fetchErr(t, err, ClassClientError)
	if !errors.Is(e, ErrTooManyRedirects) {
		t.Errorf("error does not wrap ErrTooManyRedirects: %v", e)
	}
	if n := srv.hits.Load() - before; n != 4 {
		t.Fatalf("redirect loop made %d requests, want 4", n)
	}
	none := loopbackClient(t, Config{MaxRedirects: -1})
	_, err = none.Get(context.Background(), Request{URL: srv.URL + "/hop/1"})
	fetchErr(t, err, ClassClientError)
}

func TestHeadersSent(t *testing.T) {
	var ua, accept, ae atomic.Value
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.Header.Get("User-Agent"))
		accept.Store(r.Header.Get("Accept"))
		ae.Store(r.Header.Get("Accept-Encoding"))
		w.Header().Set("Content-Type", "text/html")
	})
	c := loopbackClient(t, Config{})
	if _, err := c.Get(context.Background(), Request{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	if ua.Load() != DefaultUserAgent {
		t.Errorf("User-Agent %q", ua.Load())
	}
	if !strings.HasPrefix(accept.Load().(string), "text/html, application/xhtml+xml") {
		t.Errorf("Accept %q", accept.Load())
	}
	if ae.Load() != "gzip" {
		t.Errorf("Accept-Encoding %q, want gzip (transparent decompression)", ae.Load())
	}
}

func TestCanceledContext(t *testing.T) {
	srv := newCountingServer(t, func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	c := loopbackClient(t, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := c.Get(ctx, Request{URL: srv.URL})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v does not wrap context.Canceled", err)
	}
	if IsPermanent(err) {
		t.Fatal("cancellation is permanent")
	}
}

func TestErrorHelpersOnForeignErrors(t *testing.T) {
	err := errors.New("plain")
	if IsPermanent(err) || IsPermanent(nil) {
		t.Fatal("plain error is permanent")
	}
	if _, ok := RetryAfterOf(err); ok {
		t.Fatal("plain error has a Retry-After")
	}
	wrapped := fmt.Errorf("poll: %w", &Error{Class: ClassNotFound})
	if !IsPermanent(wrapped) {
		t.Fatal("wrapped not_found is not permanent")
	}
}
