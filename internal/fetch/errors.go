package fetch

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Class says what kind of failure an Error is.
type Class string

// The classes of Error.
const (
	ClassRefused     Class = "refused"      // destination refused by the SSRF rules
	ClassScheme      Class = "scheme"       // scheme other than http or https
	ClassInvalidURL  Class = "invalid_url"  // malformed, too long, userinfo, bad host or port
	ClassNotFound    Class = "not_found"    // HTTP 404 or 410
	ClassClientError Class = "client_error" // other 4xx, too many redirects, unexpected status
	ClassContentType Class = "content_type" // media type not accepted
	ClassTooLarge    Class = "too_large"    // body above Config.MaxBodyBytes
	ClassTimeout     Class = "timeout"      // connect, header or total timeout; HTTP 408
	ClassServerError Class = "server_error" // HTTP 5xx
	ClassRateLimited Class = "rate_limited" // HTTP 429, or 503 with Retry-After
	ClassNetwork     Class = "network"      // DNS, connection, TLS or read failure
)

// ErrTooManyRedirects is wrapped by the Error returned when a chain of
// redirects is longer than Config.MaxRedirects.
var ErrTooManyRedirects = errors.New("too many redirects")

// Error is a failed fetch.
type Error struct {
	Class      Class
	Status     int           // HTTP status, 0 when no response was received
	RetryAfter time.Duration // from a Retry-After header, 0 when absent
	URL        string        // the URL being fetched when it failed
	Err        error         // the underlying cause, may be nil

	hasRetryAfter bool
}

// Error returns a one-line description: URL, class, status and cause.
func (e *Error) Error() string {
	s := "fetch"
	if e.URL != "" {
		s += " " + e.URL
	}
	s += ": " + string(e.Class)
	if e.Status != 0 {
		s += " (HTTP " + strconv.Itoa(e.Status) + ")"
	}
	if e.hasRetryAfter {
		s += fmt.Sprintf(" retry after %s", e.RetryAfter)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Permanent reports whether retrying the same request cannot help.
func (e *Error) Permanent() bool {
	switch e.Class {
	case ClassRefused, ClassScheme, ClassInvalidURL, ClassNotFound,
		ClassClientError, ClassContentType, ClassTooLarge:
		return true
	}
	return false
}

// IsPermanent reports whether err is an *Error (anywhere in its chain) of a
// class that retrying cannot fix: refused, scheme, invalid_url, not_found,
// client_error, content_type or too_large. Other errors are not permanent.
func IsPermanent(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Permanent()
}

// RetryAfterOf returns the delay a server asked for with Retry-After, and
// whether it asked for one.
func RetryAfterOf(err error) (time.Duration, bool) {
	var e *Error
	if errors.As(err, &e) && e.hasRetryAfter {
		return e.RetryAfter, true
	}
	return 0, false
}

func newError(class Class, rawURL string, err error) *Error {
	return &Error{Class: class, URL: rawURL, Err: err}
}
