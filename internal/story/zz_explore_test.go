package story

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/copydesk/copydesk/internal/pipeline"
)

type xArt struct {
	ID, Story string
	At        time.Time `json:"published_at"`
	Text      string
	f         Features
	ents      []string
}

func xLoad(t *testing.T) []xArt {
	f, _ := os.Open("testdata/articles.jsonl")
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	p, _ := pipeline.New(pipeline.Options{})
	var out []xArt
	for sc.Scan() {
		var a xArt
		json.Unmarshal(sc.Bytes(), &a)
		at := a.At
		rec, err := p.Process(pipeline.Input{Text: a.Text, PublishedAt: &at})
		if err != nil {
			t.Fatal(err)
		}
		a.f = Extract(rec, at)
		a.f.ID = a.ID
		for _, e := range rec.Entities {
			a.ents = append(a.ents, e.Type+":"+e.Name)
		}
		out = append(out, a)
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].At.Before(out[j].At) || (out[i].At.Equal(out[j].At) && out[i].ID < out[j].ID)
	})
	return out
}

func xHalf(as []xArt, first bool) []xArt {
	var out []xArt
	for _, a := range as {
		if (a.Story < "s12") == first {
			out = append(out, a)
		}
	}
	return out
}

func share(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func xGroup(p params, as []xArt, thr float64) []string {
	feats := make([]Features, len(as))
	for i := range as {
		feats[i] = as[i].f
		feats[i].StoryID = ""
		var c []Features
		for j := 0; j < i; j++ {
			if share(as[i].ents, as[j].ents) {
				c = append(c, feats[j])
			}
		}
		feats[i].StoryID, _ = p.assign(feats[i], c, Options{Window: DefaultWindow, Threshold: thr})
	}
	out := make([]string, len(as))
	for i := range feats {
		out[i] = feats[i].StoryID
	}
	return out
}

func xF1(as []xArt, pred []string) float64 {
	tp, fp, fn := 0, 0, 0
	for i := range as {
		for j := i + 1; j < len(as); j++ {
			g, q := as[i].Story == as[j].Story, pred[i] == pred[j]
			switch {
			case g && q:
				tp++
			case q:
				fp++
			case g:
				fn++
			}
		}
	}
	if tp == 0 {
		return 0
	}
	pr, rc := float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn)
	return 2 * pr * rc / (pr + rc)
}

func xSweep(p params, as []xArt) (best, lo, hi float64) {
	best = -1
	for k := 5; k <= 80; k++ {
		thr := float64(k) / 100
		f := xF1(as, xGroup(p, as, thr))
		if f > best+1e-9 {
			best, lo, hi = f, thr, thr
		} else if f > best-1e-9 && hi == thr-0.01 {
			hi = thr
		}
	}
	return
}

func xDiag(p params, as []xArt) {
	type pr struct {
		s    float64
		a, b string
	}
	var pos, neg []pr
	for i := range as {
		for j := 0; j < i; j++ {
			if !share(as[i].ents, as[j].ents) {
				continue
			}
			s := p.score(as[i].f, as[j].f, DefaultWindow)
			x := pr{s, as[j].ID + " " + as[j].Story, as[i].ID + " " + as[i].Story}
			if as[i].Story == as[j].Story {
				pos = append(pos, x)
			} else {
				neg = append(neg, x)
			}
		}
	}
	sort.Slice(pos, func(i, j int) bool { return pos[i].s < pos[j].s })
	sort.Slice(neg, func(i, j int) bool { return neg[i].s > neg[j].s })
	for _, x := range pos {
		fmt.Printf("POS %.3f %s | %s\n", x.s, x.a, x.b)
	}
	for i, x := range neg {
		if i < 12 {
			fmt.Printf("NEG %.3f %s | %s\n", x.s, x.a, x.b)
		}
	}
}

func TestExploreDiag(t *testing.T) {
	as := xLoad(t)
	for _, a := range as {
		if os.Getenv("X_FEAT") != "" {
			fmt.Println(a.ID, a.Story, a.f.Entities, a.f.Keywords)
		}
	}
	xDiag(defaults, xHalf(as, true))
}

func TestExploreGrid(t *testing.T) {
	as := xLoad(t)
	tune := xHalf(as, true)
	type res struct {
		p          params
		f1, lo, hi float64
	}
	var rs []res
	for _, es := range []float64{0.5, 0.6, 0.7} {
		for _, js := range []float64{0, 0.25, 0.5} {
			for _, md := range []float64{0.25, 0.5} {
				for _, org := range []float64{0.6, 0.8} {
					for _, me := range []float64{0, 1, 2} {
						for _, mk := range []float64{0, 5, 10} {
							p := defaults
							_ = js
							p.entityShare, p.maxDecay, p.rankDecay = es, md, 0.1
							p.location, p.organization, p.ubiquitous = 0.5, org, 0.1
							p.minEntityMass, p.minKeywordMass = me, mk
							f, lo, hi := xSweep(p, tune)
							rs = append(rs, res{p, f, lo, hi})
						}
					}
				}
			}
		}
	}
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].f1 != rs[j].f1 {
			return rs[i].f1 > rs[j].f1
		}
		return rs[i].hi-rs[i].lo > rs[j].hi-rs[j].lo
	})
	for _, r := range rs {
		fmt.Printf("F1 %.3f thr %.2f-%.2f es %.2f js %.2f md %.2f rd %.2f loc %.1f org %.1f ub %.2f me %.0f mk %.0f\n", r.f1, r.lo, r.hi,
			r.p.entityShare, 0.0, r.p.maxDecay, r.p.rankDecay, r.p.location, r.p.organization, r.p.ubiquitous, r.p.minEntityMass, r.p.minKeywordMass)
	}
}
