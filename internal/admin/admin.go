// Package admin is the worker's HTTP surface: health and readiness probes,
// Prometheus metrics, the read API, the submit endpoint, the run-time log
// level, the asynq dashboard and, when switched on, pprof.
//
// It binds to loopback by default. Bound anywhere else, every route but
// /healthz and /readyz needs "Authorization: Bearer TOKEN".
package admin

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.uber.org/zap"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/store"
)

// Reader reads records. *store.Store implements it.
type Reader interface {
	GetRaw(ctx context.Context, id string) ([]byte, error)
	ByEntity(ctx context.Context, typ, name string, since time.Time, limit int) ([]*article.Record, error)
	TopEntities(ctx context.Context, typ string, since time.Time, top int) ([]store.EntityCount, error)
	Story(ctx context.Context, id string, limit int) ([]*article.Record, error)
}

func parseSince(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d < 0 {
			return time.Time{}, errors.New("since must be a positive duration such as 24h, or RFC 3339")
		}
		return time.Now().Add(-d), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, errors.New("since must be RFC 3339 or a duration such as 24h")
	}
	return t, nil
}

// parseCount reads the count parameter name: def when absent, else an
// integer from 1 to max.
func parseCount(q url.Values, name string, def, max int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > max {
		return 0, fmt.Errorf("%s must be an integer from 1 to %d", name, max)
	}
	return n, nil
}

// newestFirst merges records found under several entity types: each
// once, newest first (published, else first seen), at most limit.
func newestFirst(recs []*article.Record, limit int) []*article.Record {
	seen := make(map[string]bool, len(recs))
	out := recs[:0]
	for _, r := range recs {
		if !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r)
		}
	}
	at := func(r *article.Record) time.Time {
		switch {
		case r.PublishedAt != nil:
			return *r.PublishedAt
		case r.FirstSeenAt != nil:
			return *r.FirstSeenAt
		}
		return r.ProcessedAt
	}
	sort.SliceStable(out, func(i, j int) bool { return at(out[i]).After(at(out[j])) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// SubmitFunc decodes a payload of the given task type ("" when the request
// names none: the payload decides) and enqueues it, returning the JSON-able
// submission result. Errors wrapping ErrBadRequest answer 400.
type SubmitFunc func(ctx context.Context, typ string, payload []byte) (any, error)

// ErrBadRequest marks submit errors caused by the request.
var ErrBadRequest = errors.New("bad request")

// Config assembles the server. Nil parts leave their routes out.
type Config struct {
	Token    string
	Ready    func(ctx context.Context) error
	Registry *prometheus.Registry
	Reader   Reader
	Submit   SubmitFunc
	Level    http.Handler // zap.AtomicLevel
	Monitor  http.Handler // asynqmon, mounted at /monitor/
	Pprof    bool
	Log      *zap.Logger
	// MaxBody bounds POST bodies; 0 means 16 MiB, as enqueue batch and
	// worker process --jsonl take lines: a 5 MiB HTML payload of non-Latin
	// text JSON-escaped as \uXXXX passes 8 MiB.
	MaxBody int64
}

// IsLoopback reports whether addr (host:port) binds only loopback.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Handler builds the routes.
func Handler(cfg Config) http.Handler {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 16 << 20
	}
	if cfg.Log == nil {
		cfg.Log = zap.NewNop()
	}
	open := http.NewServeMux()
	open.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok\n"))
	})
	open.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if cfg.Ready != nil {
			ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
			defer cancel()
			// The check may overrun its context (go-redis keeps to its own
			// read timeout against a frozen server): probes get their
			// answer in 2 s regardless.
			done := make(chan error, 1)
			go func() { done <- cfg.Ready(ctx) }()
			var err error
			select {
			case err = <-done:
			case <-ctx.Done():
				err = fmt.Errorf("no answer within 2s: %w", ctx.Err())
			}
			if err != nil {
				writeError(w, http.StatusServiceUnavailable, fmt.Errorf("not ready: %w", err))
				return
			}
		}
		w.Write([]byte("ready\n"))
	})

	guarded := http.NewServeMux()
	if cfg.Registry != nil {
		guarded.Handle("GET /metrics", promhttp.HandlerFor(cfg.Registry, promhttp.HandlerOpts{}))
	}
	if cfg.Reader != nil {
		guarded.HandleFunc("GET /v1/articles/{id}", func(w http.ResponseWriter, r *http.Request) {
			b, err := cfg.Reader.GetRaw(r.Context(), r.PathValue("id"))
			if errors.Is(err, store.ErrNotFound) {
				writeError(w, http.StatusNotFound, err)
				return
			}
			if err != nil {
				writeError(w, http.StatusServiceUnavailable, err)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Write(b)
		})
		guarded.HandleFunc("GET /v1/articles", func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			name := q.Get("entity")
			if name == "" {
				writeError(w, http.StatusBadRequest, errors.New("entity is required"))
				return
			}
			typ := q.Get("type")
			types := []string{typ}
			switch typ {
			case "":
				types = []string{article.Person, article.Organization, article.Location}
			case article.Person, article.Organization, article.Location:
			default:
				writeError(w, http.StatusBadRequest, errors.New("type must be person, organization or location"))
				return
			}
			since, err := parseSince(q.Get("since"))
			if err != nil {
				writeError(w, http.StatusBadRequest, err)
				return
			}
			limit, err := parseCount(q, "limit", 100, 1000)
			if err != nil {
				writeError(w, http.StatusBadRequest, err)
				return
			}
			out := []*article.Record{}
			for _, t := range types {
				recs, err := cfg.Reader.ByEntity(r.Context(), t, name, since, limit)
				if err != nil {
					writeError(w, http.StatusServiceUnavailable, err)
					return
				}
				out = append(out, recs...)
			}
			if len(types) > 1 {
				out = newestFirst(out, limit) // one name in several indexes
			}
			writeJSON(w, http.StatusOK, map[string]any{"articles": out})
		})
		guarded.HandleFunc("GET /v1/entities", func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			typ := q.Get("type")
			if typ != article.Person && typ != article.Organization && typ != article.Location {
				writeError(w, http.StatusBadRequest, errors.New("type must be person, organization or location"))
				return
			}
			since, err := parseSince(q.Get("since"))
			if err != nil {
				writeError(w, http.StatusBadRequest, err)
				return
			}
			top, err := parseCount(q, "top", 20, 200)
			if err != nil {
				writeError(w, http.StatusBadRequest, err)
				return
			}
			out, err := cfg.Reader.TopEntities(r.Context(), typ, since, top)
			if err != nil {
				writeError(w, http.StatusServiceUnavailable, err)
				return
			}
			writeJSON(w, http.StatusOK, map[string]any{"entities": out})
		})
		guarded.HandleFunc("GET /v1/stories/{id}", func(w http.ResponseWriter, r *http.Request) {
			limit, err := parseCount(r.URL.Query(), "limit", 100, 1000)
			if err != nil {
				writeError(w, http.StatusBadRequest, err)
				return
			}
			recs, err := cfg.Reader.Story(r.Context(), r.PathValue("id"), limit)
			if errors.Is(err, store.ErrNotFound) {
				writeError(w, http.StatusNotFound, err)
				return
			}
			if err != nil {
				writeError(w, http.StatusServiceUnavailable, err)
				return
			}
			writeJSON(w, http.StatusOK, map[string]any{"id": r.PathValue("id"), "articles": recs})
		})
	}
	if cfg.Submit != nil {
		guarded.HandleFunc("POST /v1/articles", func(w http.ResponseWriter, r *http.Request) {
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, cfg.MaxBody))
			if err != nil {
				writeError(w, http.StatusRequestEntityTooLarge, fmt.Errorf("body over the %d-byte limit", cfg.MaxBody))
				return
			}
			res, err := cfg.Submit(r.Context(), r.URL.Query().Get("type"), body)
			if errors.Is(err, ErrBadRequest) {
				writeError(w, http.StatusBadRequest, err)
				return
			}
			if err != nil {
				writeError(w, http.StatusServiceUnavailable, err)
				return
			}
			writeJSON(w, http.StatusAccepted, res)
		})
	}
	if cfg.Level != nil {
		guarded.Handle("/loglevel", cfg.Level)
	}
	if cfg.Monitor != nil {
		guarded.Handle("/monitor/", cfg.Monitor)
	}
	if cfg.Pprof {
		// no /debug/pprof/cmdline: the command line may hold --api-token
		guarded.HandleFunc("/debug/pprof/", pprof.Index)
		guarded.HandleFunc("/debug/pprof/profile", pprof.Profile)
		guarded.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		guarded.HandleFunc("/debug/pprof/trace", pprof.Trace)
	}
	var g http.Handler = guarded
	if cfg.Token != "" {
		g = requireToken(cfg.Token, guarded)
	}
	open.Handle("/", g)
	return jsonErrors(open)
}

// jsonErrors turns the router's plain-text 404 and 405 answers into the
// JSON error bodies every other route gives.
func jsonErrors(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(&errorJSON{ResponseWriter: w}, r)
	})
}

type errorJSON struct {
	http.ResponseWriter
	replaced bool
}

func (w *errorJSON) WriteHeader(code int) {
	if (code == http.StatusNotFound || code == http.StatusMethodNotAllowed) && strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
		w.replaced = true
		writeError(w.ResponseWriter, code, errors.New(strings.ToLower(http.StatusText(code))))
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *errorJSON) Write(b []byte) (int, error) {
	if w.replaced {
		return len(b), nil // the plain-text body, replaced
	}
	return w.ResponseWriter.Write(b)
}

func requireToken(token string, next http.Handler) http.Handler {
	want := []byte(token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, got, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(got), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="copydesk"`)
			writeError(w, http.StatusUnauthorized, errors.New("missing or wrong bearer token"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}

// ReadOnlyMonitor wraps the asynq dashboard so that only safe methods pass.
func ReadOnlyMonitor(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions {
			writeError(w, http.StatusForbidden, errors.New("dashboard is read-only; start the worker with --monitor-writes to allow changes"))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// TokenState describes a token for logs without revealing it.
func TokenState(t string) string {
	if t == "" {
		return "unset"
	}
	return "set"
}

// externalFonts matches the dashboard page's links to Google's font
// service. The dashboard draws its icons as SVG and falls back to the
// system's sans-serif, so the page needs nothing from outside.
var externalFonts = regexp.MustCompile(`<link[^>]*//fonts\.(googleapis|gstatic)\.com[^>]*>`)

// LocalMonitor wraps the asynq dashboard so that its HTML page links to no
// outside host: an operator's browser then sends nothing off the admin
// server (an air-gapped newsroom's included). Other responses pass as
// they are.
func LocalMonitor(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := &htmlFilter{ResponseWriter: w}
		h.ServeHTTP(f, r)
		f.finish()
	})
}

// htmlFilter holds back an HTML response to rewrite it; any other response
// goes straight through.
type htmlFilter struct {
	http.ResponseWriter
	status  int
	decided bool
	buf     *bytes.Buffer // the HTML held back, nil for other responses
}

func (f *htmlFilter) WriteHeader(code int) {
	if f.status == 0 {
		f.status = code
	}
}

func (f *htmlFilter) Write(b []byte) (int, error) {
	if !f.decided {
		f.decided = true
		ct := f.Header().Get("Content-Type")
		if ct == "" {
			ct = http.DetectContentType(b)
			f.Header().Set("Content-Type", ct)
		}
		if strings.HasPrefix(ct, "text/html") {
			f.buf = new(bytes.Buffer)
		} else {
			f.sendHeader()
		}
	}
	if f.buf != nil {
		return f.buf.Write(b)
	}
	return f.ResponseWriter.Write(b)
}

func (f *htmlFilter) sendHeader() {
	if f.status != 0 {
		f.ResponseWriter.WriteHeader(f.status)
	}
}

func (f *htmlFilter) finish() {
	switch {
	case f.buf != nil:
		out := externalFonts.ReplaceAll(f.buf.Bytes(), nil)
		f.Header().Del("Content-Length")
		f.sendHeader()
		f.ResponseWriter.Write(out)
	case !f.decided:
		f.sendHeader() // a header and no body
	}
}
