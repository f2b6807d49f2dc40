package fetch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/net/dns/dnsmessage"
)

// dialGuard is a DialHook that fails the test on any non-loopback dial and
// counts the dials it saw.
type dialGuard struct {
	t     *testing.T
	mu    sync.Mutex
	dials []string
}

func newDialGuard(t *testing.T) *dialGuard { return &dialGuard{t: t} }

func (g *dialGuard) hook(network, address string) error {
	g.mu.Lock()
	g.dials = append(g.dials, address)
	g.mu.Unlock()
	ap, err := netip.ParseAddrPort(address)
	if err != nil || !isLoopback(ap.Addr()) {
		g.t.Errorf("non-loopback dial attempted: %s %s", network, address)
		return errors.New("test: non-loopback dial blocked")
	}
	return nil
}

func (g *dialGuard) count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.dials)
}

// guardedClient returns a client whose every dial is checked by a
// dialGuard.
func guardedClient(t *testing.T, cfg Config) (*Client, *dialGuard) {
	t.Helper()
	g := newDialGuard(t)
	cfg.DialHook = g.hook
	c := New(cfg)
	t.Cleanup(c.CloseIdleConnections)
	return c, g
}

// countingServer is an httptest server on 127.0.0.1 that counts requests.
type countingServer struct {
	*httptest.Server
	hits atomic.Int64
}

func newCountingServer(t *testing.T, h http.HandlerFunc) *countingServer {
	t.Helper()
	cs := &countingServer{}
	if h == nil {
		h = func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte("<html><body>secret</body></html>"))
		}
	}
	cs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cs.hits.Add(1)
		h(w, r)
	}))
	t.Cleanup(cs.Close)
	return cs
}

// newCountingServer6 is like newCountingServer on [::1]; it skips the test
// when IPv6 loopback is unavailable.
func newCountingServer6(t *testing.T) *countingServer {
	t.Helper()
	ln, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	cs := &countingServer{}
	cs.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		cs.hits.Add(1)
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("secret"))
	}))
	cs.Listener.Close()
	cs.Listener = ln
	cs.Start()
	t.Cleanup(cs.Close)
	return cs
}

func (cs *countingServer) port() uint16 {
	ap := netip.MustParseAddrPort(cs.Listener.Addr().String())
	return ap.Port()
}

func (cs *countingServer) portStr() string { return strconv.Itoa(int(cs.port())) }

// fakeDNS is a DNS server on 127.0.0.1 answering A and AAAA queries from a
// function of the name and of how many times it was asked.
type fakeDNS struct {
	conn    net.PacketConn
	answer  func(name string, n int) []netip.Addr
	mu      sync.Mutex
	asked   map[string]int
	queries atomic.Int64
}

// startDNS starts a fake DNS server and returns a Resolver that uses it.
// answer receives the name without its final dot; nil means NXDOMAIN.
func startDNS(t *testing.T, answer func(name string, n int) []netip.Addr) (*fakeDNS, *net.Resolver) {
	t.Helper()
	conn, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen dns: %v", err)
	}
	d := &fakeDNS{conn: conn, answer: answer, asked: map[string]int{}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.serve()
	}()
	t.Cleanup(func() {
		conn.Close()
		<-done
	})
	addr := conn.LocalAddr().String()
	r := &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var dl net.Dialer
			return dl.DialContext(ctx, "udp4", addr)
		},
	}
	return d, r
}

func (d *fakeDNS) serve() {
	buf := make([]byte, 4096)
	for {
		n, from, err := d.conn.ReadFrom(buf)
		if err != nil {
			return
		}
		if resp, ok := d.respond(buf[:n]); ok {
			_, _ = d.conn.WriteTo(resp, from)
		}
	}
}

func (d *fakeDNS) respond(req []byte) ([]byte, bool) {
	var p dnsmessage.Parser
	h, err := p.Start(req)
	if err != nil {
		return nil, false
	}
	qs, err := p.AllQuestions()
	if err != nil || len(qs) != 1 {
		return nil, false
	}
	q := qs[0]
	d.queries.Add(1)
	name := q.Name.String()
	name = name[:len(name)-1]

	var addrs []netip.Addr
	if q.Type == dnsmessage.TypeA || q.Type == dnsmessage.TypeAAAA {
		d.mu.Lock()
		count := d.asked[name]
		if q.Type == dnsmessage.TypeA {
			d.asked[name]++
		}
		d.mu.Unlock()
		addrs = d.answer(name, count)
	}
	rh := dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true, RecursionDesired: h.RecursionDesired}
	if addrs == nil {
		rh.RCode = dnsmessage.RCodeNameError
	}
	b := dnsmessage.NewBuilder(nil, rh)
	b.EnableCompression()
	_ = b.StartQuestions()
	_ = b.Question(q)
	_ = b.StartAnswers()
	for _, a := range addrs {
		hdr := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 0}
		switch {
		case q.Type == dnsmessage.TypeA && a.Is4():
			_ = b.AResource(hdr, dnsmessage.AResource{A: a.As4()})
		case q.Type == dnsmessage.TypeAAAA && a.Is6():
			_ = b.AAAAResource(hdr, dnsmessage.AAAAResource{AAAA: a.As16()})
		}
	}
	out, err := b.Finish()
	return out, err == nil
}

func (d *fakeDNS) timesAsked(name string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.asked[name]
}

// fetchErr asserts that err is an *Error of class want and returns it.
func fetchErr(t *testing.T, err error, want Class) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *fetch.Error", err, err)
	}
	if e.Class != want {
		t.Fatalf("class = %q, want %q (error: %v)", e.Class, want, err)
	}
	return e
}
