package fetch

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"

	"code.dny.dev/ssrf"
	"golang.org/x/net/idna"
)

// MaxURLBytes is the longest URL accepted.
const MaxURLBytes = 2048

// defaultPorts are the destination ports allowed when Config.Ports is empty.
var defaultPorts = []uint16{80, 443}

// Errors wrapped by URL validation and address checks.
var (
	ErrUserinfo     = errors.New("URL carries userinfo")
	ErrURLTooLong   = errors.New("URL longer than 2048 bytes")
	ErrNoHost       = errors.New("URL has no host")
	ErrBadHost      = errors.New("malformed host")
	ErrBadPort      = errors.New("malformed port")
	ErrLocalName    = errors.New("host name is local")
	ErrIPv6Zone     = errors.New("IPv6 zone in address")
	errNotHTTPClass = errors.New("scheme is not http or https")
)

// policy decides which URLs and addresses may be fetched.
type policy struct {
	guard         *ssrf.Guardian
	ports         []uint16
	allowLoopback bool
}

func newPolicy(ports []uint16, allowLoopback bool) *policy {
	if len(ports) == 0 {
		ports = defaultPorts
	}
	return &policy{
		guard:         ssrf.New(ssrf.WithPorts(ports...)),
		ports:         append([]uint16(nil), ports...),
		allowLoopback: allowLoopback,
	}
}

var strictPolicy = newPolicy(nil, false)

// ValidateURL checks a URL before any network activity and returns it
// normalised: the scheme must be http or https; userinfo is refused; the
// host must be present and well formed; the whole URL is at most 2048
// bytes; only ports 80 and 443 are accepted. IP literals in every form a
// resolver might accept (decimal 2130706433, octal 0177.0.0.1, hex 0x7f.1,
// shortened 127.1, IPv4-mapped IPv6, NAT64 64:ff9b::/96, 6to4 2002::/16)
// are normalised and checked by the code.dny.dev/ssrf rules, and
// "localhost" names are refused. Host names are checked again, after
// resolution, when the Client dials. Errors are *Error values.
func ValidateURL(raw string) (*url.URL, error) {
	return strictPolicy.validate(raw)
}

func (p *policy) validate(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if len(raw) > MaxURLBytes {
		return nil, newError(ClassInvalidURL, truncate(raw), ErrURLTooLong)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, newError(ClassInvalidURL, raw, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	switch u.Scheme {
	case "http", "https":
	case "":
		return nil, newError(ClassInvalidURL, raw, errors.New("URL has no scheme"))
	default:
		return nil, newError(ClassScheme, raw, fmt.Errorf("%w: %q", errNotHTTPClass, u.Scheme))
	}
	// A space in the query would break the request line.
	u.RawQuery = strings.ReplaceAll(u.RawQuery, " ", "%20")
	if u.Opaque != "" {
		return nil, newError(ClassInvalidURL, raw, ErrNoHost)
	}
	if u.User != nil {
		return nil, newError(ClassInvalidURL, raw, ErrUserinfo)
	}
	host, portStr := u.Hostname(), u.Port()
	if host == "" {
		return nil, newError(ClassInvalidURL, raw, ErrNoHost)
	}
	port := uint16(80)
	if u.Scheme == "https" {
		port = 443
	}
	if portStr != "" {
		n, err := strconv.ParseUint(portStr, 10, 16)
		if err != nil || n == 0 {
			return nil, newError(ClassInvalidURL, raw, fmt.Errorf("%w: %q", ErrBadPort, portStr))
		}
		port = uint16(n)
	}

	if strings.HasPrefix(u.Host, "[") {
		addr, err := netip.ParseAddr(host)
		if err != nil {
			return nil, newError(ClassInvalidURL, raw, fmt.Errorf("%w: %v", ErrBadHost, err))
		}
		if err := p.checkAddrPort(netip.AddrPortFrom(addr, port)); err != nil {
			err.URL = raw
			return nil, err
		}
		setHost(u, "["+addr.String()+"]", portStr)
		return u, nil
	}

	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if addr, isIP, err := parseIPv4Loose(host); isIP {
		if err != nil {
			return nil, newError(ClassInvalidURL, raw, fmt.Errorf("%w: %v", ErrBadHost, err))
		}
		if err := p.checkAddrPort(netip.AddrPortFrom(addr, port)); err != nil {
			err.URL = raw
			return nil, err
		}
		setHost(u, addr.String(), portStr)
		return u, nil
	}

	name, err := normaliseHostName(host)
	if err != nil {
		return nil, newError(ClassInvalidURL, raw, err)
	}
	if !p.allowLoopback {
		if name == "localhost" || strings.HasSuffix(name, ".localhost") {
			return nil, newError(ClassRefused, raw, fmt.Errorf("%w: %s", ErrLocalName, name))
		}
		if !p.portAllowed(port) {
			return nil, newError(ClassRefused, raw, fmt.Errorf("%w: %d is not a permitted port", ssrf.ErrProhibitedPort, port))
		}
	}
	setHost(u, name, portStr)
	return u, nil
}

func setHost(u *url.URL, host, port string) {
	if port != "" {
		host += ":" + port
	}
	u.Host = host
}

func (p *policy) portAllowed(port uint16) bool {
	for _, q := range p.ports {
		if q == port {
			return true
		}
	}
	return false
}

// control is the net.Dialer.Control function: it sees the resolved
// address right before the connection is made.
func (p *policy) control(network, address string, _ syscall.RawConn) error {
	if network != "tcp4" && network != "tcp6" {
		return newError(ClassRefused, "", fmt.Errorf("%w: %s", ssrf.ErrProhibitedNetwork, network))
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return newError(ClassRefused, "", fmt.Errorf("%w: %s", ssrf.ErrInvalidHostPort, address))
	}
	if e := p.checkAddrPort(ap); e != nil {
		return e
	}
	return nil
}

// checkAddrPort applies the SSRF rules to one destination.
func (p *policy) checkAddrPort(ap netip.AddrPort) *Error {
	addr := ap.Addr()
	if addr.Zone() != "" {
		return newError(ClassRefused, "", fmt.Errorf("%w: %s", ErrIPv6Zone, addr))
	}
	if p.allowLoopback && isLoopback(addr) {
		return nil
	}
	if err := p.guard.SafeAddrPort(ap); err != nil {
		if v4, ok := embeddedIPv4(addr); ok {
			err = fmt.Errorf("%w (embeds %s)", err, v4)
		}
		return newError(ClassRefused, "", err)
	}
	// The ssrf rules already refuse every range that can embed an IPv4
	// address; this guards against a future change of those rules.
	if v4, ok := embeddedIPv4(addr); ok {
		if err := p.guard.SafeAddr(v4); err != nil {
			return newError(ClassRefused, "", fmt.Errorf("%w (embedded in %s)", err, addr))
		}
	}
	return nil
}

// isLoopback reports whether addr is 127.0.0.0/8 or ::1 exactly (an
// IPv4-mapped loopback is not accepted even in tests).
func isLoopback(addr netip.Addr) bool {
	return (addr.Is4() && addr.As4()[0] == 127) || addr == netip.IPv6Loopback()
}

var (
	nat64Prefix = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour   = netip.MustParsePrefix("2002::/16")
)

// embeddedIPv4 returns the IPv4 address carried by an IPv4-mapped, NAT64
// or 6to4 IPv6 address.
func embeddedIPv4(addr netip.Addr) (netip.Addr, bool) {
	if !addr.Is6() {
		return netip.Addr{}, false
	}
	if addr.Is4In6() {
		return addr.Unmap(), true
	}
	b := addr.As16()
	switch {
	case nat64Prefix.Contains(addr.WithZone("")):
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), true
	case sixToFour.Contains(addr.WithZone("")):
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}), true
	}
	return netip.Addr{}, false
}

// parseIPv4Loose parses host the way URL parsers and inet_aton do: one to
// four dot-separated parts, each decimal, octal (leading 0) or hexadecimal
// (0x), the last part filling the remaining bytes. isIP reports whether
// host must be treated as an IPv4 address at all (its last label is
// numeric); err is then set when it is not a valid one.
func parseIPv4Loose(host string) (addr netip.Addr, isIP bool, err error) {
	parts := strings.Split(host, ".")
	if _, ok := parseIPv4Part(parts[len(parts)-1]); !ok && !allDigits(parts[len(parts)-1]) {
		return netip.Addr{}, false, nil
	}
	if len(parts) > 4 {
		return netip.Addr{}, true, errors.New("more than four parts in IPv4 address")
	}
	nums := make([]uint64, len(parts))
	for i, s := range parts {
		n, ok := parseIPv4Part(s)
		if !ok {
			return netip.Addr{}, true, fmt.Errorf("bad IPv4 part %q", s)
		}
		nums[i] = n
	}
	var v uint64
	for i, n := range nums[:len(nums)-1] {
		if n > 255 {
			return netip.Addr{}, true, fmt.Errorf("IPv4 part %d out of range", i+1)
		}
		v |= n << (8 * (3 - i))
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*(5-len(nums))) {
		return netip.Addr{}, true, errors.New("last IPv4 part out of range")
	}
	v |= last
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true, nil
}

func parseIPv4Part(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	base := 10
	switch {
	case len(s) >= 2 && (s[:2] == "0x" || s[:2] == "0X"):
		s, base = s[2:], 16
		if s == "" {
			return 0, true
		}
	case len(s) > 1 && s[0] == '0':
		s, base = s[1:], 8
	}
	if len(s) > 12 {
		return 0, false // far beyond 32 bits, and keeps ParseUint cheap
	}
	n, err := strconv.ParseUint(s, base, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// normaliseHostName lowercases host, converts an internationalised name to
// its ASCII form and checks the characters and label lengths.
func normaliseHostName(host string) (string, error) {
	name := host
	for i := 0; i < len(host); i++ {
		if host[i] >= 0x80 {
			a, err := idna.Lookup.ToASCII(host)
			if err != nil {
				return "", fmt.Errorf("%w: %v", ErrBadHost, err)
			}
			name = a
			break
		}
	}
	if len(name) > 253 {
		return "", fmt.Errorf("%w: name longer than 253 bytes", ErrBadHost)
	}
	for _, label := range strings.Split(name, ".") {
		if label == "" || len(label) > 63 {
			return "", fmt.Errorf("%w: %q", ErrBadHost, name)
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return "", fmt.Errorf("%w: %q", ErrBadHost, name)
			}
		}
	}
	return name, nil
}

func truncate(s string) string {
	if len(s) > 80 {
		return strings.ToValidUTF8(s[:80], "") + "…"
	}
	return s
}
