package main

import (
	"strings"
	"testing"
	"time"
)

func TestParseConfig(t *testing.T) {
	t.Setenv("COPYDESK_CONCURRENCY", "8")
	t.Setenv("COPYDESK_QUEUES", "default=2,low=1")
	c, err := parseConfig([]string{"--servers", "2", "--shutdown-timeout", "3s"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Concurrency != 8 || c.Servers != 2 || c.Queues["default"] != 2 || c.Queues["low"] != 1 || c.ShutdownTimeout != 3*time.Second {
		t.Errorf("config = %+v", c)
	}
	bad := map[string][]string{
		"queue name":      {"--queues", "}bad=1"},
		"queue weight":    {"--queues", "default=0"},
		"log format":      {"--log-format", "xml"},
		"public no token": {"--http-addr", "0.0.0.0:8077"},
		"servers > conc":  {"--servers", "9", "--concurrency", "4"},
		"sub-second stop": {"--shutdown-timeout", "500ms"},
		"stray argument":  {"extra"},
	}
	for name, args := range bad {
		if _, err := parseConfig(args); err == nil {
			t.Errorf("%s: accepted %v", name, args)
		}
	}
	if _, err := parseConfig([]string{"--http-addr", "0.0.0.0:8077", "--api-token", "x"}); err != nil {
		t.Errorf("public address with a token refused: %v", err)
	}
	_, err = parseConfig([]string{"--queues", "a=1,B=2"})
	if err == nil || !strings.Contains(err.Error(), "must match") {
		t.Errorf("upper-case queue: %v", err)
	}
}
