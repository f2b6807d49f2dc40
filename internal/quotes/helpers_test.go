package quotes

import (
	"os"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
)

// cleanSeed reads the seed article and removes what the cleaning stage
// removes before quotes run: promo lines (">>> …"), the "Source:" line and
// the comment-form debris ("Leave a Reply").
func cleanSeed(t testing.TB) string {
	t.Helper()
	raw := cleanSeedRaw(t)
	var paras []string
	for _, p := range strings.Split(raw, "\n\n") {
		p = strings.TrimSpace(p)
		if p == "" || strings.HasPrefix(p, ">>>") || strings.HasPrefix(p, "Source:") || strings.HasPrefix(p, "Leave a Reply") {
			continue
		}
		paras = append(paras, p)
	}
	return strings.Join(paras, "\n\n")
}

// cleanSeedRaw reads the seed article as scraped.
func cleanSeedRaw(t testing.TB) string {
	t.Helper()
	raw, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		t.Fatalf("read seed: %v", err)
	}
	return string(raw)
}

// entSpec is a hand-written entity: canonical name, type and the surfaces
// that mention it.
type entSpec struct {
	name, typ string
	surfaces  []string
	roles     []string
}

// buildEntities stands in for the NER stage: it finds every whole-word
// occurrence of each surface (longest surfaces first, no overlaps) and
// returns entities with byte-offset mentions.
func buildEntities(text string, specs []entSpec) []article.Entity {
	type surf struct {
		s   string
		ent int
	}
	var all []surf
	for i, sp := range specs {
		for _, s := range sp.surfaces {
			all = append(all, surf{s, i})
		}
	}
	sort.SliceStable(all, func(a, b int) bool { return len(all[a].s) > len(all[b].s) })
	taken := make([]bool, len(text))
	ents := make([]article.Entity, len(specs))
	for i, sp := range specs {
		ents[i] = article.Entity{Name: sp.name, Type: sp.typ, Roles: sp.roles}
	}
	for _, su := range all {
		for from := 0; ; {
			k := strings.Index(text[from:], su.s)
			if k < 0 {
				break
			}
			s, e := from+k, from+k+len(su.s)
			from = e
			if r, _ := utf8.DecodeLastRuneInString(text[:s]); s > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				continue
			}
			if r, _ := utf8.DecodeRuneInString(text[e:]); e < len(text) && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				continue
			}
			free := true
			for j := s; j < e; j++ {
				if taken[j] {
					free = false
					break
				}
			}
			if !free {
				continue
			}
			for j := s; j < e; j++ {
				taken[j] = true
			}
			ents[su.ent].Mentions = append(ents[su.ent].Mentions, article.Span{Start: s, End: e})
		}
	}
	for i := range ents {
		sort.Slice(ents[i].Mentions, func(a, b int) bool { return ents[i].Mentions[a].Start < ents[i].Mentions[b].Start })
	}
	return ents
}

// seedEntities is the seed's entity list as the NER stage should produce
// it, written by hand.
var seedEntities = []entSpec{
	{"Vladimir Putin", article.Person, []string{"Vladimir Putin", "Putin"}, []string{"President"}},
	{"Russian Presidency", article.Organization, []string{"Russian Presidency"}, nil},
	{"North Korea", article.Location, []string{"North Korea"}, nil},
	{"South Korea", article.Location, []string{"South Korea"}, nil},
	{"Pyongyang", article.Location, []string{"Pyongyang"}, nil},
	{"Russia", article.Location, []string{"Russia"}, nil},
	{"Ukraine", article.Location, []string{"Ukraine"}, nil},
	{"Moscow", article.Location, []string{"Moscow"}, nil},
	{"Far East", article.Location, []string{"Far East"}, nil},
	{"Corea del Norte", article.Location, []string{"Corea del Norte"}, nil},
	{"Rodong Sinmun", article.Organization, []string{"Rodong Sinmun"}, nil},
	{"KCNA", article.Organization, []string{"KCNA"}, nil},
	{"Telegram", article.Organization, []string{"Telegram"}, nil},
	{"Jens Stoltenberg", article.Person, []string{"Jens Stoltenberg", "Stoltenberg"}, []string{"Secretary General"}},
	{"NATO", article.Organization, []string{"NATO"}, nil},
	{"White House", article.Organization, []string{"White House"}, nil},
	{"National Security Council", article.Organization, []string{"National Security Council"}, nil},
	{"John Kirby", article.Person, []string{"John Kirby"}, []string{"spokesman"}},
	{"Yuri Ushakov", article.Person, []string{"Yuri Ushakov"}, []string{"diplomatic advisor"}},
	{"Sergei Lavrov", article.Person, []string{"Sergei Lavrov"}, []string{"Foreign Minister"}},
	{"Andrei Belousov", article.Person, []string{"Andrei Belousov"}, []string{"Minister of Defense"}},
	{"International Criminal Court", article.Organization, []string{"International Criminal Court"}, nil},
	{"China", article.Location, []string{"China"}, nil},
	{"Beijing", article.Location, []string{"Beijing"}, nil},
	{"Dmytro Kuleba", article.Person, []string{"Dmytro Kuleba", "Kuleba"}, []string{"Foreign Minister"}},
	{"Kim Jong Un", article.Person, []string{"Kim Jong Un", "Kim"}, []string{"leader"}},
	{"Kim Jong Il", article.Person, []string{"Kim Jong Il"}, nil},
	{"Kyiv", article.Location, []string{"kyiv"}, nil},
	{"AFP", article.Organization, []string{"AFP"}, nil},
	{"UN Security Council", article.Organization, []string{"UN Security Council"}, nil},
	{"Seoul", article.Location, []string{"Seoul"}, nil},
	{"Yoon Suk Yeol", article.Person, []string{"Yoon Suk Yeol"}, []string{"President"}},
	{"Switzerland", article.Location, []string{"Switzerland"}, nil},
	{"Zelensky", article.Person, []string{"Zelensky"}, nil},
}
