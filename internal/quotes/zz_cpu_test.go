package quotes

import (
	"fmt"
	"syscall"
	"testing"
	"time"
)

func TestZZCPU(t *testing.T) {
	text := cleanSeed(t)
	ents := buildEntities(text, seedEntities)
	sents := splitSentences(text, paragraphs(text, nil), nil)
	var r0, r1 syscall.Rusage
	n := 20000
	for i := 0; i < 1000; i++ {
		Find(text, sents, ents)
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &r0)
	for i := 0; i < n; i++ {
		Find(text, sents, ents)
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &r1)
	u := time.Duration(r1.Utime.Nano()-r0.Utime.Nano()) + time.Duration(r1.Stime.Nano()-r0.Stime.Nano())
	fmt.Printf("cpu/op = %v (len %d)\n", u/time.Duration(n), len(text))
}
