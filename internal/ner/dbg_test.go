package ner

import (
	"fmt"
	"testing"

	"github.com/copydesk/copydesk/internal/ner/tagger"
)

func TestDbg(t *testing.T) {
	r := recognizer(t)
	for _, s := range []string{"HAYWARD, Calif. (AP) — The Latest on", "Employee Steve Castro tells the paper", "a station in Hayward.", "said Sanjiv Bhasin, Director, IIFL Securities."} {
		toks := tagger.Tokenize(s, 0, len(s), nil)
		var ws []string
		for _, x := range toks {
			ws = append(ws, x.Text)
		}
		fl := make([]uint32, len(ws))
		ms := r.gaz.Annotate(ws, fl, nil)
		tags := make([]uint8, len(ws))
		r.model.Tag(ws, fl, tags)
		for i := range ws {
			fmt.Printf("%s/%b/%s ", ws[i], fl[i], tagger.TagName(tags[i]))
		}
		fmt.Println()
		for _, m := range ms {
			for _, p := range m.Places {
				fmt.Printf("  %d-%d %+v\n", m.Start, m.End, r.gaz.Places[p])
			}
		}
	}
}
