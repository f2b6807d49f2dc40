package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestCanonicalURL(t *testing.T) {
	cases := map[string]string{
		"HTTP://Example.COM":                              "http://example.com/",
		"https://example.com:443/a":                       "https://example.com/a",
		"http://example.com:80/a":                         "http://example.com/a",
		"http://example.com:8080/a":                       "http://example.com:8080/a",
		"https://example.com:080/a":                       "https://example.com:80/a",
		"https://example.com./a#section-2":                "https://example.com/a",
		"https://example.com/a?utm_source=x&b=2&a=1":      "https://example.com/a?a=1&b=2",
		"https://example.com/a?UTM_Medium=x&fbclid=y":     "https://example.com/a",
		"https://example.com/a?gclid=1&id=7&msclkid=2":    "https://example.com/a?id=7",
		"https://example.com/a?b=2&a=1&b=1":               "https://example.com/a?a=1&b=2&b=1",
		"https://example.com/a?&&x=1&":                    "https://example.com/a?x=1",
		"https://example.com/a?q=hello+world&q2=a%2fb":    "https://example.com/a?q=hello+world&q2=a%2Fb",
		"https://example.com/%7euser/%41%42c":             "https://example.com/~user/ABc",
		"https://example.com/a/./b/../c/":                 "https://example.com/a/c/",
		"https://example.com/../../x":                     "https://example.com/x",
		"https://example.com/a%2Fb":                       "https://example.com/a%2Fb",
		"https://example.com/caf%c3%a9":                   "https://example.com/caf%C3%A9",
		"https://example.com/café":                        "https://example.com/caf%C3%A9",
		"https://BÜCHER.example/x":                        "https://xn--bcher-kva.example/x",
		"https://[2001:DB8:0:0::1]:8443/":                 "https://[2001:db8::1]:8443/",
		"  https://example.com/a  ":                       "https://example.com/a",
		"https://example.com/search?q=a b":                "https://example.com/search?q=a%20b",
		"https://example.com/a;jsessionid=1?x=1#frag?y=2": "https://example.com/a;jsessionid=1?x=1",
	}
	for in, want := range cases {
		got, err := CanonicalURL(in)
		if err != nil {
			t.Errorf("CanonicalURL(%q): %v", in, err)
			continue
		}
		if got != want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", in, got, want)
		}
		again, err := CanonicalURL(got)
		if err != nil || again != got {
			t.Errorf("not idempotent: %q -> %q -> %q (%v)", in, got, again, err)
		}
	}
}

func TestCanonicalURLRejects(t *testing.T) {
	cases := map[string]error{
		"ftp://example.com/":           ErrNotHTTP,
		"javascript:alert(1)":          ErrNotHTTP,
		"/relative/path":               ErrNotHTTP,
		"https://user:pw@example.com/": ErrUserinfo,
		"https:///nohost":              ErrBadURL,
		"https://exa mple.com/":        ErrBadURL,
		"https://a..b/":                ErrBadURL,
		"https://[fe80::1%25eth0]/":    ErrBadURL,
		"https://example.com:0/":       ErrBadURL,
		"https://example.com/" + strings.Repeat("a", MaxURLBytes): ErrLongURL,
	}
	for in, want := range cases {
		if _, err := CanonicalURL(in); !errors.Is(err, want) {
			t.Errorf("CanonicalURL(%.40q) error %v, want %v", in, err, want)
		}
	}
}

func TestFeedHash(t *testing.T) {
	sum := sha256.Sum256([]byte("https://example.com/rss.xml"))
	want := hex.EncodeToString(sum[:])[:16]
	for _, in := range []string{
		"https://example.com/rss.xml",
		"HTTPS://EXAMPLE.com:443/rss.xml#top",
		"https://example.com/rss.xml?utm_source=newsletter",
	} {
		if got := FeedHash(in); got != want {
			t.Errorf("FeedHash(%q) = %s, want %s", in, got, want)
		}
	}
	if FeedHash("https://example.com/other.xml") == want {
		t.Error("different feeds share a hash")
	}
	if h := FeedHash("not a url"); len(h) != 16 {
		t.Errorf("FeedHash of a non-URL = %q", h)
	}
}

func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{
		"https://example.com/a?utm_source=x&b=2&a=1#f",
		"HTTP://Example.COM:80/%7e/./../x",
		"https://[::1]:443/",
		"https://bücher.example/?q=a b&&x",
		"http://a.b/%zz%2f?%41=%42",
		"http://x/;a?b=c;d",
		"https://e.example/a%2e%2E/b",
		"http://0/AA" + strings.Repeat("\xde", 700), // grows past 2048 bytes when escaped
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		c, err := CanonicalURL(raw)
		if err != nil {
			return
		}
		u, err := url.Parse(c)
		if err != nil {
			t.Fatalf("canonical %q does not parse: %v", c, err)
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" || u.User != nil {
			t.Fatalf("canonical %.200q of %.200q is not a plain http(s) URL", c, raw)
		}
		again, err := CanonicalURL(c)
		if err != nil || again != c {
			t.Fatalf("not idempotent: %.200q -> %.200q -> %.200q (%v)", raw, c, again, err)
		}
	})
}

func BenchmarkCanonicalURL(b *testing.B) {
	raw := "HTTPS://News.Example.com:443/2025/03/05/./storm-warning-for-the-coast/?utm_source=rss&utm_medium=feed&id=42&page=2#comments"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CanonicalURL(raw); err != nil {
			b.Fatal(err)
		}
	}
}
