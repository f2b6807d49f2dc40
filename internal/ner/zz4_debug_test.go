package ner

import (
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/copydesk/copydesk/internal/ner/gazetteer"
	"github.com/copydesk/copydesk/internal/ner/tagger"
)

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(1, &ru) // RUSAGE_THREAD
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestZZCPU(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	r := recognizer(t)
	text := seedText(t)
	segs := segments(text, nil)
	var toks []tagger.Token
	var bounds []int
	prep := func() {
		toks = toks[:0]
		bounds = append(bounds[:0], 0)
		for _, sg := range segs {
			toks = tagger.Tokenize(text, sg.Start, sg.End, toks)
			bounds = append(bounds, len(toks))
		}
	}
	prep()
	words := make([]string, len(toks))
	for i := range toks {
		words[i] = toks[i].Text
	}
	flags := make([]uint32, len(toks))
	tags := make([]uint8, len(toks))
	var ms []gazetteer.Match
	const N = 300
	measure := func(name string, f func()) {
		f()
		c0 := cpuNow()
		for range N {
			f()
		}
		t.Logf("%-10s %8.1f µs CPU/op", name, float64(cpuNow()-c0)/N/1e3)
	}
	measure("tokenize", prep)
	measure("annotate", func() {
		ms = ms[:0]
		for k := 0; k+1 < len(bounds); k++ {
			ms = r.gaz.Annotate(words[bounds[k]:bounds[k+1]], flags[bounds[k]:bounds[k+1]], ms)
		}
	})
	measure("tag", func() {
		for k := 0; k+1 < len(bounds); k++ {
			r.model.Tag(words[bounds[k]:bounds[k+1]], flags[bounds[k]:bounds[k+1]], tags[bounds[k]:bounds[k+1]])
		}
	})
	measure("all", func() { r.Entities(text, segs) })
	t.Logf("tokens %d, bytes %d", len(toks), len(text))
}

func TestZZRuleStages(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	stageClock = func() int64 { return int64(cpuNow()) }
	defer func() { stageClock = func() int64 { return 0 } }()
	r := recognizer(t)
	text := seedText(t)
	segs := segments(text, nil)
	stageTime = [16]int64{}
	const N = 300
	for range N {
		r.Entities(text, segs)
	}
	names := []string{"clean", "orgContext", "listTypes", "consistency", "personSupport", "dropEvents", "final", "headlines", "build"}
	for i, n := range names {
		t.Logf("%-14s %6.1f µs", n, float64(stageTime[i])/N/1e3)
	}
}
