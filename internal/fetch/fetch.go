package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// DefaultUserAgent is the User-Agent sent when Config.UserAgent is empty.
const DefaultUserAgent = "copydesk/1 (+https://github.com/copydesk/copydesk)"

// Defaults applied by New to zero Config fields.
const (
	DefaultMaxBodyBytes   = 5 << 20
	DefaultMaxRedirects   = 5
	DefaultConnectTimeout = 5 * time.Second
	DefaultHeaderTimeout  = 10 * time.Second
	DefaultTotalTimeout   = 30 * time.Second
)

// maxRetryAfter caps the delay taken from a Retry-After header.
const maxRetryAfter = 24 * time.Hour

// HTMLMediaTypes returns the media types accepted by default: HTML pages.
func HTMLMediaTypes() []string { return []string{"text/html", "application/xhtml+xml"} }

// FeedMediaTypes returns the media types to accept when fetching a feed
// (Request.Accept): RSS, Atom, RDF, generic XML and JSON Feed. Some servers
// label feeds text/plain or text/html, which is also accepted; the feed
// parser decides.
func FeedMediaTypes() []string {
	return []string{
		"application/rss+xml", "application/atom+xml", "application/rdf+xml",
		"application/xml", "text/xml", "application/feed+json", "application/json",
		"text/plain", "text/html",
	}
}

// Config configures a Client. The zero value of each field means its
// default.
type Config struct {
	// UserAgent is sent with every request; default DefaultUserAgent.
	UserAgent string
	// MaxBodyBytes caps the decompressed body; default 5 MiB. A larger
	// Content-Length is refused before the body is read.
	MaxBodyBytes int64
	// MaxRedirects is how many redirects are followed; default 5, and a
	// negative value follows none.
	MaxRedirects int
	// ConnectTimeout bounds the TCP connect and the TLS handshake; default 5 s.
	ConnectTimeout time.Duration
	// HeaderTimeout bounds the wait for response headers; default 10 s.
	HeaderTimeout time.Duration
	// TotalTimeout bounds the whole request, redirects and body included;
	// default 30 s.
	TotalTimeout time.Duration
	// Accept lists the accepted media types ("type/subtype", "type/*" or
	// "*/*"); default HTMLMediaTypes.
	Accept []string
	// Ports lists the destination ports that may be dialled; default 80
	// and 443.
	Ports []uint16
	// AllowLoopback permits 127.0.0.0/8 and ::1 (on any port). For tests
	// only: it must never be set in production. Every other refused range
	// stays refused.
	AllowLoopback bool
	// Resolver, when set, resolves host names (tests point it at a fake
	// DNS server on loopback).
	Resolver *net.Resolver
	// DialHook, when set, is called with the resolved ip:port right before
	// every dial that the SSRF rules allowed; an error aborts the dial.
	DialHook func(network, address string) error
}

func (c Config) withDefaults() Config {
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	switch {
	case c.MaxRedirects == 0:
		c.MaxRedirects = DefaultMaxRedirects
	case c.MaxRedirects < 0:
		c.MaxRedirects = 0
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = DefaultConnectTimeout
	}
	if c.HeaderTimeout <= 0 {
		c.HeaderTimeout = DefaultHeaderTimeout
	}
	if c.TotalTimeout <= 0 {
		c.TotalTimeout = DefaultTotalTimeout
	}
	if len(c.Accept) == 0 {
		c.Accept = HTMLMediaTypes()
	}
	return c
}

// Client fetches URLs safely. It is safe for concurrent use.
type Client struct {
	cfg       Config
	policy    *policy
	transport *http.Transport
	http      *http.Client
}

// Request is one GET.
type Request struct {
	URL string
	// ETag and LastModified, from an earlier Response, make the request
	// conditional (If-None-Match, If-Modified-Since).
	ETag, LastModified string
	// Accept overrides Config.Accept, e.g. with FeedMediaTypes.
	Accept []string
}

// Response is a successful fetch.
type Response struct {
	URL         string // final URL, after redirects
	Status      int
	ContentType string // media type without parameters, lowercase
	Charset     string // encoding the body was decoded from
	Body        []byte // decoded to valid UTF-8; nil when NotModified
	ETag        string
	// LastModified is the Last-Modified header as sent.
	LastModified string
	// NotModified is set when the server answered 304 to a conditional
	// request.
	NotModified bool
}

// New returns a Client for cfg.
func New(cfg Config) *Client {
	cfg = cfg.withDefaults()
	c := &Client{cfg: cfg, policy: newPolicy(cfg.Ports, cfg.AllowLoopback)}
	dialer := &net.Dialer{
		Timeout:   cfg.ConnectTimeout,
		KeepAlive: 30 * time.Second,
		Resolver:  cfg.Resolver,
		Control:   c.control,
	}
	c.transport = &http.Transport{
		Proxy:                  nil, // the proxy's address would be the one checked
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    cfg.ConnectTimeout,
		ResponseHeaderTimeout:  cfg.HeaderTimeout,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           64,
		MaxIdleConnsPerHost:    4,
		IdleConnTimeout:        60 * time.Second,
		MaxResponseHeaderBytes: 256 << 10,
	}
	c.http = &http.Client{
		Transport:     c.transport,
		CheckRedirect: c.checkRedirect,
	}
	return c
}

// CloseIdleConnections closes pooled connections, so that the next request
// resolves and dials again.
func (c *Client) CloseIdleConnections() { c.transport.CloseIdleConnections() }

func (c *Client) control(network, address string, rc syscall.RawConn) error {
	if err := c.policy.control(network, address, rc); err != nil {
		return err
	}
	if c.cfg.DialHook != nil {
		return c.cfg.DialHook(network, address)
	}
	return nil
}

func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > c.cfg.MaxRedirects {
		return &Error{Class: ClassClientError, URL: req.URL.String(),
			Err: fmt.Errorf("%w: more than %d", ErrTooManyRedirects, c.cfg.MaxRedirects)}
	}
	u, err := c.policy.validate(req.URL.String())
	if err != nil {
		return err
	}
	req.URL.Host = u.Host
	return nil
}

// Get fetches req.URL. It returns an *Error on failure; a 304 answer to a
// conditional request is a success with NotModified set.
func (c *Client) Get(ctx context.Context, req Request) (*Response, error) {
	u, err := c.policy.validate(req.URL)
	if err != nil {
		return nil, err
	}
	target := u.String()
	ctx, cancel := context.WithTimeout(ctx, c.cfg.TotalTimeout)
	defer cancel()

	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, newError(ClassInvalidURL, target, err)
	}
	accept := req.Accept
	if len(accept) == 0 {
		accept = c.cfg.Accept
	}
	hreq.Header.Set("User-Agent", c.cfg.UserAgent)
	hreq.Header.Set("Accept", strings.Join(accept, ", ")+", */*;q=0.1")
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}

	resp, err := c.http.Do(hreq)
	if err != nil {
		return nil, classify(ctx, target, err)
	}
	defer resp.Body.Close()
	final := resp.Request.URL.String()

	out := &Response{
		URL:          final,
		Status:       resp.StatusCode,
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}
	if resp.StatusCode == http.StatusNotModified {
		out.NotModified = true
		if out.ETag == "" {
			out.ETag = req.ETag
		}
		if out.LastModified == "" {
			out.LastModified = req.LastModified
		}
		return out, nil
	}
	if e := statusError(resp, final); e != nil {
		_, _ = io.CopyN(io.Discard, resp.Body, 4<<10) // lets the connection be reused
		return nil, e
	}
	if resp.ContentLength > c.cfg.MaxBodyBytes {
		return nil, &Error{Class: ClassTooLarge, Status: resp.StatusCode, URL: final,
			Err: fmt.Errorf("Content-Length %d above the %d-byte cap", resp.ContentLength, c.cfg.MaxBodyBytes)}
	}

	// The transport decodes the gzip it asked for and drops the header;
	// any other coding left would be read as text.
	if ce := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); ce != "" && ce != "identity" {
		return nil, &Error{Class: ClassContentType, Status: resp.StatusCode, URL: final,
			Err: fmt.Errorf("unsupported Content-Encoding %q", ce)}
	}
	header := resp.Header.Get("Content-Type")
	mediaType, _, hasType := parseMediaType(header)
	if hasType && !accepted(mediaType, accept) {
		return nil, &Error{Class: ClassContentType, Status: resp.StatusCode, URL: final,
			Err: fmt.Errorf("media type %q not accepted", mediaType)}
	}

	body, err := readCapped(resp.Body, c.cfg.MaxBodyBytes, resp.ContentLength)
	if err != nil {
		if errors.Is(err, errBodyTooLarge) {
			return nil, &Error{Class: ClassTooLarge, Status: resp.StatusCode, URL: final,
				Err: fmt.Errorf("body above the %d-byte cap", c.cfg.MaxBodyBytes)}
		}
		e := classify(ctx, final, err)
		e.Status = resp.StatusCode
		return nil, e
	}
	if !hasType {
		mediaType, _, _ = parseMediaType(http.DetectContentType(body))
		if !accepted(mediaType, accept) {
			return nil, &Error{Class: ClassContentType, Status: resp.StatusCode, URL: final,
				Err: fmt.Errorf("sniffed media type %q not accepted", mediaType)}
		}
	}
	out.ContentType = mediaType
	out.Body, out.Charset = decodeBody(body, header, isXMLType(mediaType))
	return out, nil
}

var errBodyTooLarge = errors.New("body too large")

// readCapped reads at most max bytes and fails with errBodyTooLarge when
// there is more. hint is the Content-Length, or -1.
func readCapped(r io.Reader, max, hint int64) ([]byte, error) {
	var buf bytes.Buffer
	if hint > 0 && hint <= max {
		buf.Grow(int(hint) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, max+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > max {
		return nil, errBodyTooLarge
	}
	return buf.Bytes(), nil
}

// statusError maps a non-2xx status to an *Error, or returns nil.
func statusError(resp *http.Response, u string) *Error {
	code := resp.StatusCode
	if code >= 200 && code < 300 {
		return nil
	}
	e := &Error{Status: code, URL: u, Err: errors.New(http.StatusText(code))}
	if code >= 400 {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			e.RetryAfter, e.hasRetryAfter = d, true
		}
	}
	switch {
	case code == http.StatusNotFound || code == http.StatusGone:
		e.Class = ClassNotFound
	case code == http.StatusTooManyRequests:
		e.Class = ClassRateLimited
	case code == http.StatusServiceUnavailable && e.hasRetryAfter:
		e.Class = ClassRateLimited
	case code == http.StatusRequestTimeout:
		e.Class = ClassTimeout
	case code >= 500:
		e.Class = ClassServerError
	default: // other 4xx, and 1xx/3xx that the client did not follow
		e.Class = ClassClientError
	}
	return e
}

// parseRetryAfter reads a Retry-After value in seconds or as an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(maxRetryAfter/time.Second) {
			n = int64(maxRetryAfter / time.Second)
		}
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = max(t.Sub(now), 0)
	} else {
		return 0, false
	}
	return min(d, maxRetryAfter), true
}

// classify turns a transport error into an *Error.
func classify(ctx context.Context, u string, err error) *Error {
	var fe *Error
	if errors.As(err, &fe) {
		out := *fe
		if out.URL == "" {
			out.URL = u
		}
		return &out
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) ||
		(errors.As(err, &ne) && ne.Timeout()) {
		return newError(ClassTimeout, u, err)
	}
	return newError(ClassNetwork, u, err)
}

// parseMediaType returns the lowercase media type and parameters of a
// Content-Type value; ok is false when there is none.
func parseMediaType(v string) (string, map[string]string, bool) {
	if strings.TrimSpace(v) == "" {
		return "", nil, false
	}
	mt, params, err := mime.ParseMediaType(v)
	if err != nil {
		mt, _, _ = strings.Cut(v, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
		if mt == "" {
			return "", nil, false
		}
	}
	return mt, params, true
}

func accepted(mediaType string, accept []string) bool {
	typ, _, _ := strings.Cut(mediaType, "/")
	for _, a := range accept {
		a = strings.ToLower(strings.TrimSpace(a))
		if a == mediaType || a == "*/*" || a == typ+"/*" {
			return true
		}
	}
	return false
}

func isXMLType(mediaType string) bool {
	return mediaType == "application/xml" || mediaType == "text/xml" ||
		strings.HasSuffix(mediaType, "+xml")
}
