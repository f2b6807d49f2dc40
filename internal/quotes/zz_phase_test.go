package quotes

import (
	"fmt"
	"syscall"
	"testing"
	"time"
)

func cpuTime() time.Duration {
	var r syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &r)
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

func TestZZPhase(t *testing.T) {
	text := cleanSeed(t)
	ents := buildEntities(text, seedEntities)
	sents := splitSentences(text, paragraphs(text, nil), nil)
	n := 20000
	measure := func(name string, fn func()) {
		for i := 0; i < 500; i++ {
			fn()
		}
		t0 := cpuTime()
		for i := 0; i < n; i++ {
			fn()
		}
		fmt.Printf("%-12s %v\n", name, (cpuTime()-t0)/time.Duration(n))
	}
	measure("paragraphs", func() { paragraphs(text, nil) })
	measure("mentions", func() { f := finder{text: text, ents: ents}; f.collectMentions() })
	measure("candidates", func() { f := finder{text: text, ents: ents}; f.paras = paragraphs(text, nil); f.collectCandidates() })
	measure("find", func() { Find(text, sents, ents) })
	measure("countbytes", func() {
		k := 0
		for i := 0; i < len(text); i++ {
			if text[i] == 'e' {
				k++
			}
		}
		_ = k
	})
}
