package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"
)

// loopbackForms are spellings of the loopback (or this-host) address that
// some resolver or URL parser accepts.
var loopbackForms = []string{
	"127.0.0.1",
	"127.0.0.1.",
	"127.1",
	"127.0.1",
	"127.127.127.127",
	"2130706433",
	"0177.0.0.1",
	"0177.1",
	"0x7f.1",
	"0x7f000001",
	"0x7F.0.0.0x1",
	"017700000001",
	"[::1]",
	"[0:0:0:0:0:0:0:1]",
	"[::ffff:127.0.0.1]",
	"[::ffff:7f00:1]",
	"[64:ff9b::7f00:1]",
	"[2002:7f00:1::]",
	"0.0.0.0",
	"0",
	"localhost",
	"LOCALHOST",
	"api.localhost",
}

// TestLoopbackFormsRefused shows that no spelling of loopback reaches a
// loopback server when AllowLoopback is false, even with the server's port
// allowed, so that only the address rule can refuse: the server's counter
// stays 0 and no dial is attempted.
func TestLoopbackFormsRefused(t *testing.T) {
	srv := newCountingServer(t, nil)
	srv6 := newCountingServer6(t)
	c, guard := guardedClient(t, Config{Ports: []uint16{srv.port(), srv6.port()}})

	for _, host := range loopbackForms {
		port := srv.portStr()
		if strings.HasPrefix(host, "[") {
			port = srv6.portStr()
		}
		u := "http://" + host + ":" + port + "/"
		t.Run(host, func(t *testing.T) {
			_, err := c.Get(context.Background(), Request{URL: u})
			if err == nil {
				t.Fatalf("Get(%s) succeeded", u)
			}
			fetchErr(t, err, ClassRefused)
			if !IsPermanent(err) {
				t.Errorf("refusal of %s is not permanent", u)
			}
		})
	}
	if n := srv.hits.Load() + srv6.hits.Load(); n != 0 {
		t.Fatalf("loopback servers were reached %d times", n)
	}
	if n := guard.count(); n != 0 {
		t.Fatalf("%d dials reached the dial hook, want 0", n)
	}
}

// TestNaiveClientLeaks is the control for TestLoopbackFormsRefused: a plain
// http.Client reaches the same servers through several of those forms, so
// the counters above would have seen a leak.
func TestNaiveClientLeaks(t *testing.T) {
	srv := newCountingServer(t, nil)
	srv6 := newCountingServer6(t)
	naive := &http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: 5 * time.Second}
	t.Cleanup(naive.CloseIdleConnections)
	// Only forms that Go resolves without DNS (or from /etc/hosts), so the
	// naive client never queries a real resolver.
	urls := []string{
		"http://127.0.0.1:" + srv.portStr() + "/",
		"http://[::ffff:127.0.0.1]:" + srv.portStr() + "/",
		"http://0.0.0.0:" + srv.portStr() + "/",
		"http://[::1]:" + srv6.portStr() + "/",
	}
	reached := 0
	for _, u := range urls {
		resp, err := naive.Get(u)
		if err != nil {
			t.Logf("naive client could not reach %s: %v", u, err)
			continue
		}
		resp.Body.Close()
		reached++
	}
	if reached < 3 {
		t.Fatalf("naive client reached only %d of %d loopback forms; the leak test would be blind", reached, len(urls))
	}
	if srv.hits.Load()+srv6.hits.Load() != int64(reached) {
		t.Fatalf("server counters %d+%d, want %d", srv.hits.Load(), srv6.hits.Load(), reached)
	}
}

// TestOddLoopbackFormsNormalised is the positive control: with
// AllowLoopback, the odd spellings are normalised to 127.0.0.1 and do reach
// the server, so their refusal above is the address rule at work.
func TestOddLoopbackFormsNormalised(t *testing.T) {
	srv := newCountingServer(t, nil)
	c, guard := guardedClient(t, Config{AllowLoopback: true})
	forms := []string{"2130706433", "0177.0.0.1", "0x7f.1", "127.1", "017700000001"}
	for _, host := range forms {
		resp, err := c.Get(context.Background(), Request{URL: "http://" + host + ":" + srv.portStr() + "/x"})
		if err != nil {
			t.Fatalf("Get via %s: %v", host, err)
		}
		if want := "http://127.0.0.1:" + srv.portStr() + "/x"; resp.URL != want {
			t.Errorf("final URL %q, want %q", resp.URL, want)
		}
	}
	if got := srv.hits.Load(); got != int64(len(forms)) {
		t.Fatalf("server hits = %d, want %d", got, len(forms))
	}
	if guard.count() == 0 {
		t.Fatal("dial hook never called")
	}
}

// TestHostileURLs runs hostile URLs through a strict client: each fails
// with the expected class, permanently, and nothing is dialled.
func TestHostileURLs(t *testing.T) {
	c, guard := guardedClient(t, Config{})
	long := "http://example.com/" + strings.Repeat("a", MaxURLBytes)
	cases := []struct {
		url  string
		want Class
	}{
		{"file:///etc/passwd", ClassScheme},
		{"gopher://127.0.0.1:70/_SET%20x", ClassScheme},
		{"ftp://example.com/pub/", ClassScheme},
		{"dict://127.0.0.1:11211/stats", ClassScheme},
		{"javascript:alert(1)", ClassScheme},
		{"ldap://10.0.0.1/", ClassScheme},
		{"http://user:pass@example.com/", ClassInvalidURL},
		{"http://user@127.0.0.1/", ClassInvalidURL},
		{"http://example.com@127.0.0.1/", ClassInvalidURL},
		{"http://example.com:22/", ClassRefused},
		{"http://example.com:6379/", ClassRefused},
		{"https://example.com:25/", ClassRefused},
		{"http://example.com:0/", ClassInvalidURL},
		{"http://example.com:99999/", ClassInvalidURL},
		{"http://example.com:-1/", ClassInvalidURL},
		{long, ClassInvalidURL},
		{"http:///etc/passwd", ClassInvalidURL},
		{"http:example.com", ClassInvalidURL},
		{"//example.com/", ClassInvalidURL},
		{"http://exa mple.com/", ClassInvalidURL},
		{"http://example.com\\@127.0.0.1/", ClassInvalidURL},
		{"http://127.0.0.1#@example.com/", ClassRefused},
		{"http://10.0.0.1/", ClassRefused},
		{"http://172.16.0.1/", ClassRefused},
		{"http://192.168.1.1/", ClassRefused},
		{"http://100.64.0.1/", ClassRefused},
		{"http://169.254.169.254/latest/meta-data/", ClassRefused},
		{"http://2852039166/", ClassRefused},
		{"http://0xa9.0xfe.0xa9.0xfe/", ClassRefused},
		{"http://224.0.0.1/", ClassRefused},
		{"http://255.255.255.255/", ClassRefused},
		{"http://[fe80::1%25eth0]/", ClassRefused},
		{"http://[fc00::1]/", ClassRefused},
		{"http://[fd00:ec2::254]/", ClassRefused},
		{"http://[ff02::1]/", ClassRefused},
		{"http://[::]/", ClassRefused},
		{"http://[::ffff:10.0.0.1]/", ClassRefused},
		{"http://[64:ff9b::a9fe:a9fe]/", ClassRefused},
		{"http://[2002:c0a8:101::]/", ClassRefused},
		{"http://256.0.0.1/", ClassInvalidURL},
		{"http://1.2.3.4.5/", ClassInvalidURL},
		{"http://0x100000000/", ClassInvalidURL},
		{"http://[::1/", ClassInvalidURL},
		{"http://%31%32%37.0.0.1/", ClassInvalidURL},
	}
	if len(cases) < 25 {
		t.Fatalf("only %d hostile URLs", len(cases))
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%.60s", tc.url), func(t *testing.T) {
			if _, err := ValidateURL(tc.url); err == nil {
				t.Errorf("ValidateURL(%q) accepted it", tc.url)
			}
			_, err := c.Get(context.Background(), Request{URL: tc.url})
			if err == nil {
				t.Fatalf("Get(%q) succeeded", tc.url)
			}
			fetchErr(t, err, tc.want)
			if !IsPermanent(err) {
				t.Errorf("error for %q is not permanent: %v", tc.url, err)
			}
		})
	}
	if n := guard.count(); n != 0 {
		t.Fatalf("%d dials attempted, want 0", n)
	}
}

// TestValidateURLNormalises checks accepted URLs and their normal form;
// nothing is fetched.
func TestValidateURLNormalises(t *testing.T) {
	cases := map[string]string{
		"HTTP://Example.COM./a?b=1#c":        "http://example.com/a?b=1#c",
		"http://0x08.0x08.0x08.0x08/":        "http://8.8.8.8/",
		"http://134744072/":                  "http://8.8.8.8/",
		"https://[2606:4700:4700::1111]/dns": "https://[2606:4700:4700::1111]/dns",
		"http://bücher.example/":             "http://xn--bcher-kva.example/",
		"  https://news.example.org:443/x ":  "https://news.example.org:443/x",
		"http://example.com/?q=a b":          "http://example.com/?q=a%20b",
		"http://my_host.example.com/":        "http://my_host.example.com/",
	}
	for in, want := range cases {
		u, err := ValidateURL(in)
		if err != nil {
			t.Errorf("ValidateURL(%q): %v", in, err)
			continue
		}
		if got := u.String(); got != want {
			t.Errorf("ValidateURL(%q) = %q, want %q", in, got, want)
		}
	}
	if _, err := ValidateURL("http://example.com/" + strings.Repeat("a", MaxURLBytes-19)); err != nil {
		t.Errorf("URL of exactly %d bytes refused: %v", MaxURLBytes, err)
	}
}

// TestRedirectTargetsRefused follows redirects from an allowed loopback
// server (AllowLoopback is on for the first hop) to hostile targets: each
// is refused, and only loopback is ever dialled.
func TestRedirectTargetsRefused(t *testing.T) {
	target := newCountingServer(t, nil)
	dns, resolver := startDNS(t, func(name string, _ int) []netip.Addr {
		switch name {
		case "metadata.google.internal.test":
			return []netip.Addr{netip.MustParseAddr("169.254.169.254")}
		case "intranet.test":
			return []netip.Addr{netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("fd00::1")}
		}
		return nil
	})
	origin := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	})
	c, guard := guardedClient(t, Config{AllowLoopback: true, Resolver: resolver})

	cases := []struct {
		to   string
		want Class
	}{
		{"http://169.254.169.254/latest/meta-data/iam/", ClassRefused},
		{"http://[::ffff:169.254.169.254]/", ClassRefused},
		{"http://[::ffff:a9fe:a9fe]/", ClassRefused},
		{"http://2852039166/", ClassRefused},
		{"http://100.100.100.200/latest/meta-data/", ClassRefused},
		{"http://[fd00:ec2::254]/", ClassRefused},
		{"http://10.0.0.1/", ClassRefused},
		{"http://0.0.0.0:" + target.portStr() + "/", ClassRefused},
		{"http://[::]:" + target.portStr() + "/", ClassRefused},
		{"http://[::ffff:127.0.0.1]:" + target.portStr() + "/", ClassRefused},
		{"http://metadata.google.internal.test/computeMetadata/v1/", ClassRefused},
		{"http://intranet.test/", ClassRefused},
		{"file:///etc/passwd", ClassScheme},
		{"gopher://127.0.0.1:" + target.portStr() + "/_x", ClassScheme},
		{"http://user:pass@127.0.0.1:" + target.portStr() + "/", ClassInvalidURL},
	}
	for _, tc := range cases {
		t.Run(tc.to, func(t *testing.T) {
			u := origin.URL + "/r?to=" + url.QueryEscape(tc.to)
			_, err := c.Get(context.Background(), Request{URL: u})
			if err == nil {
				t.Fatalf("redirect to %s was followed", tc.to)
			}
			fetchErr(t, err, tc.want)
		})
	}
	if n := target.hits.Load(); n != 0 {
		t.Fatalf("redirect target reached %d times", n)
	}
	if origin.hits.Load() != int64(len(cases)) {
		t.Fatalf("origin hits = %d, want %d", origin.hits.Load(), len(cases))
	}
	if dns.timesAsked("metadata.google.internal.test") == 0 {
		t.Fatal("metadata name never resolved: the refusal did not happen after resolution")
	}
	if guard.count() == 0 {
		t.Fatal("no loopback dial seen: the first hop did not happen")
	}
}

// TestNamesResolvingToPrivateAddresses resolves names through a fake DNS
// server: names pointing at private, metadata or loopback addresses are
// refused after resolution, and the loopback server is not reached.
func TestNamesResolvingToPrivateAddresses(t *testing.T) {
	srv := newCountingServer(t, nil)
	dns, resolver := startDNS(t, func(name string, _ int) []netip.Addr {
		switch name {
		case "metadata.google.internal.test":
			return []netip.Addr{netip.MustParseAddr("169.254.169.254")}
		case "ten.test":
			return []netip.Addr{netip.MustParseAddr("10.0.0.1")}
		case "loop.test":
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}
		case "loop6.test":
			return []netip.Addr{netip.MustParseAddr("::1")}
		case "mixed.test":
			return []netip.Addr{netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("fe80::1")}
		}
		return nil
	})
	strict, guard := guardedClient(t, Config{Resolver: resolver, Ports: []uint16{80, 443, srv.port()}})
	for _, name := range []string{"metadata.google.internal.test", "ten.test", "loop.test", "loop6.test", "mixed.test"} {
		_, err := strict.Get(context.Background(), Request{URL: "http://" + name + ":" + srv.portStr() + "/"})
		if err == nil {
			t.Fatalf("%s was fetched", name)
		}
		fetchErr(t, err, ClassRefused)
		if dns.timesAsked(name) == 0 {
			t.Errorf("%s was not resolved", name)
		}
	}
	if srv.hits.Load() != 0 || guard.count() != 0 {
		t.Fatalf("server hits %d, dials %d; want 0 and 0", srv.hits.Load(), guard.count())
	}

	// Control: the same resolver path reaches the server once loopback is
	// allowed, so the refusals above came from the address rule.
	loose, _ := guardedClient(t, Config{Resolver: resolver, AllowLoopback: true})
	if _, err := loose.Get(context.Background(), Request{URL: "http://loop.test:" + srv.portStr() + "/"}); err != nil {
		t.Fatalf("loop.test with AllowLoopback: %v", err)
	}
	if srv.hits.Load() != 1 {
		t.Fatalf("server hits = %d, want 1", srv.hits.Load())
	}
	if _, err := loose.Get(context.Background(), Request{URL: "http://ten.test:" + srv.portStr() + "/"}); err == nil {
		t.Fatal("AllowLoopback let 10.0.0.1 through")
	}
}

// TestDNSRebinding: a name first resolves to loopback (allowed in this
// test), then rebinds to 10.0.0.1. The second fetch resolves again and is
// refused at dial time, never dialling 10.0.0.1.
func TestDNSRebinding(t *testing.T) {
	srv := newCountingServer(t, nil)
	_, resolver := startDNS(t, func(name string, n int) []netip.Addr {
		if name != "rebind.test" {
			return nil
		}
		if n == 0 {
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}
		}
		return []netip.Addr{netip.MustParseAddr("10.0.0.1")}
	})
	c, guard := guardedClient(t, Config{Resolver: resolver, AllowLoopback: true, Ports: []uint16{srv.port()}})
	u := "http://rebind.test:" + srv.portStr() + "/"
	if _, err := c.Get(context.Background(), Request{URL: u}); err != nil {
		t.Fatalf("first fetch: %v", err)
	}
	c.CloseIdleConnections()
	_, err := c.Get(context.Background(), Request{URL: u})
	e := fetchErr(t, err, ClassRefused)
	if !strings.Contains(e.Error(), "10.0.0.1") {
		t.Errorf("error does not name the rebound address: %v", e)
	}
	if srv.hits.Load() != 1 || guard.count() != 1 {
		t.Fatalf("hits %d, dials %d; want 1 and 1", srv.hits.Load(), guard.count())
	}
}

// TestAddressRules checks the dial-time rule on addresses that tests must
// never dial: it is called directly, as net.Dialer.Control would be.
func TestAddressRules(t *testing.T) {
	var hooked []string
	c := New(Config{DialHook: func(_, address string) error {
		hooked = append(hooked, address)
		return nil
	}})
	refused := []string{
		"10.1.2.3:80", "172.31.255.255:443", "192.168.0.1:80", "100.64.0.1:80", "100.127.255.254:80",
		"169.254.169.254:80", "0.0.0.0:80", "0.1.2.3:80", "127.0.0.1:80", "127.255.255.254:443",
		"224.0.0.1:80", "239.255.255.250:80", "255.255.255.255:80", "240.0.0.1:80",
		"192.0.0.170:80", "192.0.2.1:80", "198.18.0.1:80", "198.51.100.7:80", "203.0.113.9:80",
		"[::1]:80", "[::]:80", "[fe80::1]:80", "[fc00::1]:80", "[fd12:3456::1]:443", "[ff02::1]:80",
		"[::ffff:10.0.0.1]:80", "[::ffff:127.0.0.1]:80", "[64:ff9b::a00:1]:80", "[64:ff9b::808:808]:80",
		"[2002:a00:1::]:80", "[2001:db8::1]:80", "[2001::1]:80", "[fe80::1%25lo]:80",
		"93.184.216.34:22", "93.184.216.34:6379",
	}
	for _, a := range refused {
		for _, network := range []string{"tcp4", "tcp6"} {
			err := c.control(network, strings.Replace(a, "%25", "%", 1), nil)
			if err == nil {
				t.Errorf("control(%s, %s) allowed it", network, a)
				continue
			}
			var e *Error
			if !errors.As(err, &e) || e.Class != ClassRefused {
				t.Errorf("control(%s) = %v, want a refused *Error", a, err)
			}
		}
	}
	if len(hooked) != 0 {
		t.Fatalf("dial hook called for refused addresses: %v", hooked)
	}
	allowed := []string{"93.184.216.34:80", "1.1.1.1:443", "[2606:4700:4700::1111]:443", "8.8.8.8:80"}
	for _, a := range allowed {
		if err := c.control("tcp4", a, nil); err != nil {
			t.Errorf("control(%s) = %v, want nil", a, err)
		}
	}
	if len(hooked) != len(allowed) {
		t.Fatalf("dial hook saw %v, want the %d allowed addresses", hooked, len(allowed))
	}
	if err := c.control("udp4", "93.184.216.34:80", nil); err == nil {
		t.Error("udp allowed")
	}

	// AllowLoopback opens exactly 127.0.0.0/8 and ::1, on any port.
	lb := New(Config{AllowLoopback: true})
	for _, a := range []string{"127.0.0.1:12345", "127.9.9.9:1", "[::1]:8080"} {
		if err := lb.control("tcp4", a, nil); err != nil {
			t.Errorf("AllowLoopback: control(%s) = %v", a, err)
		}
	}
	for _, a := range []string{"10.0.0.1:80", "169.254.169.254:80", "0.0.0.0:8080", "[::ffff:127.0.0.1]:80", "[::]:80", "192.168.1.1:80"} {
		if err := lb.control("tcp4", a, nil); err == nil {
			t.Errorf("AllowLoopback: control(%s) allowed it", a)
		}
	}
}

func TestParseIPv4Loose(t *testing.T) {
	cases := []struct {
		in   string
		want string // "" = not an IPv4 address; "!" = invalid IPv4
	}{
		{"127.0.0.1", "127.0.0.1"},
		{"2130706433", "127.0.0.1"},
		{"0177.0.0.1", "127.0.0.1"},
		{"0x7f.1", "127.0.0.1"},
		{"0x7f.0.1", "127.0.0.1"},
		{"127.1", "127.0.0.1"},
		{"0x", "0.0.0.0"},
		{"0", "0.0.0.0"},
		{"4294967295", "255.255.255.255"},
		{"4294967296", "!"},
		{"1.2.3.256", "!"},
		{"1.2.65536", "!"},
		{"08.1.1.1", "!"},
		{"1.2.3.4.5", "!"},
		{"example.com", ""},
		{"1e2", ""},
		{"example.0x", "!"},
		{"0x1g", ""},
	}
	for _, tc := range cases {
		addr, isIP, err := parseIPv4Loose(tc.in)
		switch {
		case tc.want == "":
			if isIP {
				t.Errorf("%q: treated as IPv4 (%v, %v)", tc.in, addr, err)
			}
		case tc.want == "!":
			if !isIP || err == nil {
				t.Errorf("%q: isIP=%v err=%v, want an invalid IPv4", tc.in, isIP, err)
			}
		default:
			if !isIP || err != nil || addr.String() != tc.want {
				t.Errorf("%q = %v (isIP=%v, err=%v), want %s", tc.in, addr, isIP, err, tc.want)
			}
		}
	}
}
