package quotes

import (
	"strings"
	"testing"
	"time"
)

func TestZZPath(t *testing.T) {
	for _, unit := range []string{
		"he said “we will win” and she told them “no way” while Smith added “fine” ",
		"“a ",
		"‘x’ 'y' ’ ‘ ",
		"“x”Smith said he “y” ",
		"He said: “",
	} {
		text := strings.Repeat(unit, (1<<16)/len(unit))
		ents := buildEntities(text[:200000], []entSpec{{"John Smith", "person", []string{"Smith"}, nil}})
		st := time.Now()
		got := Find(text, nil, ents)
		t.Logf("%q: %d quotes in %v", unit, len(got), time.Since(st))
		text2 := strings.ReplaceAll(text, " ", "\n\n")
		st = time.Now()
		got = Find(text2, nil, nil)
		t.Logf("  paras: %d quotes in %v", len(got), time.Since(st))
	}
}
