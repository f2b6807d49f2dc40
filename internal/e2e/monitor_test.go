package e2e

import (
	"bytes"
	"context"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/internal/testkit"
)

// TestMonitorInHeadlessBrowser loads the asynq dashboard at /monitor/ in
// headless Chromium and checks that the page, once its scripts ran, lists
// the worker's queue; and that the dashboard refuses writes by default.
func TestMonitorInHeadlessBrowser(t *testing.T) {
	browser, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed (.ci/run installs it with apt-get)")
	}
	e := newEnv(t)
	w := e.startWorker(nil)
	if _, _, code := e.enqueue(nil, "feed", "--queue", e.queue, "--in", "1h", "https://example.com/feed.xml"); code != 0 {
		t.Fatal("enqueue a scheduled task")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		// no name but the loopback address resolves: the browser cannot
		// reach another host whatever the page asks for
		"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
		"--user-data-dir="+t.TempDir(), "--virtual-time-budget=10000", "--dump-dom", "http://"+w.admin+"/monitor/")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, errb.String())
	}
	dom := out.String()
	if !strings.Contains(dom, "Asynq monitoring") || !strings.Contains(dom, e.queue) {
		t.Fatalf("dashboard DOM does not list queue %s (%d bytes):\n%.2000s", e.queue, len(dom), dom)
	}
	// The page links to no outside host (asynqmon's own links Google's
	// fonts; the admin server drops them).
	if code, page := e.get(t, w, "/monitor/"); code != 200 || bytes.Contains(page, []byte("googleapis")) || !bytes.Contains(page, []byte("/monitor/static/")) {
		t.Errorf("GET /monitor/: %d, page links outside or lacks its scripts:\n%.1500s", code, page)
	}
	// Read-only unless --monitor-writes: a pause request is refused.
	req, _ := http.NewRequest("POST", "http://"+w.admin+"/monitor/api/queues/"+e.queue+":pause", nil)
	resp, err := testkit.HTTPClient(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST to the read-only dashboard: %d, want 403", resp.StatusCode)
	}
}
