package politeness_test

import (
	"context"
	"testing"
	"time"

	"github.com/copydesk/copydesk/internal/keys"
	"github.com/copydesk/copydesk/internal/politeness"
	"github.com/copydesk/copydesk/internal/testkit"
)

func TestSpreadsRequestsPerHost(t *testing.T) {
	rdb, prefix := testkit.Redis(t)
	l := politeness.New(rdb, keys.New(prefix), 60, 0) // one a second, no burst
	ctx := context.Background()
	if d, err := l.Wait(ctx, "example.com"); err != nil || d != 0 {
		t.Fatalf("first request: wait %s, %v", d, err)
	}
	d, err := l.Wait(ctx, "example.com")
	if err != nil || d < 500*time.Millisecond || d > time.Second {
		t.Fatalf("second request at once: wait %s, %v; want about 1s", d, err)
	}
	if d, _ := l.Wait(ctx, "EXAMPLE.org"); d != 0 {
		t.Errorf("another host waits %s", d)
	}
	if d, _ := l.Wait(ctx, "example.ORG"); d == 0 {
		t.Error("host names are not case-folded")
	}
}
