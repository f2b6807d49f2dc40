package tagger

import (
	"math"
	"math/rand"
	"sort"
)

// Sentence is one training or evaluation example: token texts, their
// gazetteer flags and gold BILOU tags.
type Sentence struct {
	Words []string
	Gaz   []uint32
	Tags  []uint8
}

// TrainConfig controls Train.
type TrainConfig struct {
	// Epochs is the number of passes over the data (default 10).
	Epochs int
	// MinCount drops features seen fewer times in training (default 2).
	MinCount int
	// MaxFeatures keeps at most this many features, the ones with the
	// largest averaged weights (0 = no limit).
	MaxFeatures int
	// Seed fixes the shuffling order, so training is reproducible.
	Seed int64
	// Dev, when set, is scored after every epoch and reported through Log.
	Dev []Sentence
	// Log receives progress lines; nil for silence.
	Log func(format string, args ...any)
}

// Train fits an averaged structured perceptron on data.
func Train(data []Sentence, cfg TrainConfig) *Model {
	if cfg.Epochs <= 0 {
		cfg.Epochs = 10
	}
	if cfg.MinCount <= 0 {
		cfg.MinCount = 2
	}
	logf := cfg.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	// 1. extract and count features
	counts := make(map[uint64]int32, 1<<21)
	var info []tokInfo
	var feats []uint64
	perSent := make([][]uint64, len(data))
	for si, s := range data {
		info = sentenceInfo(s.Words, s.Gaz, info[:0])
		var all []uint64
		for i := range s.Words {
			feats = features(info, i, feats[:0])
			all = append(all, uint64(len(feats)))
			all = append(all, feats...)
			for _, k := range feats {
				counts[k]++
			}
		}
		perSent[si] = all
	}
	ids := make(map[uint64]int32, len(counts)/2)
	var keys []uint64
	for k, c := range counts {
		if int(c) >= cfg.MinCount {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(a, b int) bool { return keys[a] < keys[b] })
	for i, k := range keys {
		ids[k] = int32(i)
	}
	logf("features: %d seen, %d kept (count >= %d)", len(counts), len(keys), cfg.MinCount)
	counts = nil
	// per-token feature ids
	sentFeats := make([][][]int32, len(data))
	for si, all := range perSent {
		toks := make([][]int32, 0, len(data[si].Words))
		for p := 0; p < len(all); {
			n := int(all[p])
			p++
			var fs []int32
			for _, k := range all[p : p+n] {
				if id, ok := ids[k]; ok {
					fs = append(fs, id)
				}
			}
			p += n
			toks = append(toks, fs)
		}
		sentFeats[si] = toks
	}
	perSent = nil
	ids = nil

	nF := len(keys)
	w := make([]int32, nF*NumTags)
	acc := make([]int64, nF*NumTags)
	var tw, tacc [(NumTags + 1) * NumTags]int64
	var ew, eacc [NumTags]int64
	var trans [(NumTags + 1) * NumTags]int32
	var end [NumTags]int32
	c := int64(1)
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewSource(cfg.Seed))
	var score []int32
	var back, pred []uint8
	upd := func(f int32, t uint8, d int32) {
		j := int(f)*NumTags + int(t)
		w[j] += d
		acc[j] += c * int64(d)
	}
	for ep := 1; ep <= cfg.Epochs; ep++ {
		rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
		errs, total := 0, 0
		for _, si := range order {
			s := data[si]
			n := len(s.Words)
			if n == 0 {
				continue
			}
			for i := range trans {
				trans[i] = int32(tw[i])
			}
			for i := range end {
				end[i] = int32(ew[i])
			}
			if cap(score) < n*NumTags {
				score = make([]int32, n*NumTags*2)
				back = make([]uint8, n*NumTags*2)
				pred = make([]uint8, n*2)
			}
			sc := score[:n*NumTags]
			for i := range sc {
				sc[i] = 0
			}
			for i, fs := range sentFeats[si] {
				row := sc[i*NumTags : i*NumTags+NumTags]
				for _, f := range fs {
					wr := w[int(f)*NumTags : int(f)*NumTags+NumTags]
					for t := range NumTags {
						row[t] += wr[t]
					}
				}
			}
			viterbi(sc, (*[NumTags]int32)(trans[NumTags*NumTags:]), &trans, &end, n, back[:n*NumTags], pred[:n])
			total += n
			prevG, prevP := uint8(NumTags), uint8(NumTags)
			for i := 0; i < n; i++ {
				g, p := s.Tags[i], pred[i]
				if g != p {
					errs++
					for _, f := range sentFeats[si][i] {
						upd(f, g, 1)
						upd(f, p, -1)
					}
				}
				if g != p || prevG != prevP {
					jg := int(prevG)*NumTags + int(g)
					jp := int(prevP)*NumTags + int(p)
					tw[jg]++
					tacc[jg] += c
					tw[jp]--
					tacc[jp] -= c
				}
				prevG, prevP = g, p
			}
			if g, p := s.Tags[n-1], pred[n-1]; g != p {
				ew[g]++
				eacc[g] += c
				ew[p]--
				eacc[p] -= c
			}
			c++
		}
		logf("epoch %d: token error rate %.4f", ep, float64(errs)/float64(max(total, 1)))
		if cfg.Dev != nil && (ep == cfg.Epochs || ep%2 == 0) {
			m := finish(keys, w, acc, &tw, &tacc, &ew, &eacc, c, cfg.MaxFeatures)
			sc := Evaluate(m, cfg.Dev)
			logf("epoch %d: dev %s", ep, sc.Summary())
		}
	}
	m := finish(keys, w, acc, &tw, &tacc, &ew, &eacc, c, cfg.MaxFeatures)
	logf("model: %d features", m.n)
	return m
}

// finish averages, prunes and quantises the weights.
func finish(keys []uint64, w []int32, acc []int64, tw, tacc *[(NumTags + 1) * NumTags]int64, ew, eacc *[NumTags]int64, c int64, maxFeatures int) *Model {
	cf := float64(c)
	avg := make([]float32, len(w))
	maxAbs := 0.0
	for i := range w {
		a := float64(w[i]) - float64(acc[i])/cf
		avg[i] = float32(a)
		maxAbs = math.Max(maxAbs, math.Abs(a))
	}
	var tAvg [(NumTags + 1) * NumTags]float64
	for i := range tw {
		tAvg[i] = float64(tw[i]) - float64(tacc[i])/cf
		maxAbs = math.Max(maxAbs, math.Abs(tAvg[i]))
	}
	var eAvg [NumTags]float64
	for i := range ew {
		eAvg[i] = float64(ew[i]) - float64(eacc[i])/cf
	}
	scale := 32000 / math.Max(maxAbs, 1e-9)
	q := func(v float64) int16 { return int16(math.Round(v * scale)) }
	type cand struct {
		i    int
		norm float64
	}
	var cands []cand
	for i := range keys {
		norm := 0.0
		nz := false
		for t := range NumTags {
			v := float64(avg[i*NumTags+t])
			norm += math.Abs(v)
			if q(v) != 0 {
				nz = true
			}
		}
		if nz {
			cands = append(cands, cand{i, norm})
		}
	}
	if maxFeatures > 0 && len(cands) > maxFeatures {
		sort.Slice(cands, func(a, b int) bool {
			if cands[a].norm != cands[b].norm {
				return cands[a].norm > cands[b].norm
			}
			return keys[cands[a].i] < keys[cands[b].i]
		})
		cands = cands[:maxFeatures]
		sort.Slice(cands, func(a, b int) bool { return cands[a].i < cands[b].i })
	}
	kk := make([]uint64, len(cands))
	ww := make([]int16, len(cands)*NumTags)
	for j, cd := range cands {
		kk[j] = keys[cd.i]
		for t := range NumTags {
			ww[j*NumTags+t] = q(float64(avg[cd.i*NumTags+t]))
		}
	}
	m := &Model{scale: float32(scale)}
	for i := range tAvg {
		m.trans[i] = int32(math.Round(tAvg[i] * scale))
	}
	for i := range eAvg {
		m.end[i] = int32(math.Round(eAvg[i] * scale))
	}
	m.build(kk, ww)
	return m
}

func sentenceInfo(words []string, gaz []uint32, dst []tokInfo) []tokInfo {
	for i, w := range words {
		var g uint32
		if gaz != nil {
			g = gaz[i]
		}
		dst = append(dst, tokInfo{})
		analyse(w, i == 0, g, &dst[len(dst)-1])
	}
	return dst
}

// Score counts exact-span matches per type.
type Score struct {
	TP, FP, FN [NumTypes]int
}

// Add merges o into s.
func (s *Score) Add(o Score) {
	for t := range NumTypes {
		s.TP[t] += o.TP[t]
		s.FP[t] += o.FP[t]
		s.FN[t] += o.FN[t]
	}
}

// Compare counts predicted spans against gold spans.
func (s *Score) Compare(gold, pred []Span) {
	g := make(map[Span]bool, len(gold))
	for _, sp := range gold {
		g[sp] = true
	}
	for _, sp := range pred {
		if g[sp] {
			s.TP[sp.Type]++
			delete(g, sp)
		} else {
			s.FP[sp.Type]++
		}
	}
	for sp := range g {
		s.FN[sp.Type]++
	}
}

// PRF returns precision, recall and F1 for type t, or the micro average
// when t < 0.
func (s *Score) PRF(t int) (p, r, f float64) {
	var tp, fp, fn int
	for k := range NumTypes {
		if t < 0 || k == t {
			tp += s.TP[k]
			fp += s.FP[k]
			fn += s.FN[k]
		}
	}
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// Summary is a one-line report: F1 per type and micro P/R/F1.
func (s *Score) Summary() string {
	out := ""
	for t := range NumTypes {
		_, _, f := s.PRF(t)
		out += TypeNames[t] + " " + ftoa(f) + "  "
	}
	p, r, f := s.PRF(-1)
	return out + "micro P " + ftoa(p) + " R " + ftoa(r) + " F1 " + ftoa(f)
}

func ftoa(f float64) string {
	v := int(math.Round(f * 1000))
	return string([]byte{byte('0' + v/1000), '.', byte('0' + v/100%10), byte('0' + v/10%10), byte('0' + v%10)})
}

// Evaluate tags every sentence with m and scores exact spans.
func Evaluate(m *Model, sents []Sentence) Score {
	var sc Score
	var out []uint8
	var gs, ps []Span
	for _, s := range sents {
		if len(s.Words) == 0 {
			continue
		}
		out = append(out[:0], make([]uint8, len(s.Words))...)
		m.TagAll(s.Words, s.Gaz, out)
		gs = Spans(s.Tags, gs[:0])
		ps = Spans(out, ps[:0])
		sc.Compare(gs, ps)
	}
	return sc
}

// FromIOB2 converts IOB2 labels ("B-PER", "I-ORG", "O"; other types such
// as MISC become O) into BILOU tags.
func FromIOB2(labels []string) []uint8 {
	typ := make([]int, len(labels))
	begin := make([]bool, len(labels))
	for i, l := range labels {
		typ[i] = -1
		if len(l) < 3 || l[1] != '-' {
			continue
		}
		switch l[2:] {
		case "PER":
			typ[i] = PER
		case "ORG":
			typ[i] = ORG
		case "LOC":
			typ[i] = LOC
		default:
			continue
		}
		begin[i] = l[0] == 'B' || i == 0 || typ[i-1] != typ[i]
	}
	tags := make([]uint8, len(labels))
	for i := range labels {
		if typ[i] < 0 {
			continue
		}
		last := i+1 == len(labels) || typ[i+1] != typ[i] || begin[i+1]
		switch {
		case begin[i] && last:
			tags[i] = MakeTag(typ[i], PosU)
		case begin[i]:
			tags[i] = MakeTag(typ[i], PosB)
		case last:
			tags[i] = MakeTag(typ[i], PosL)
		default:
			tags[i] = MakeTag(typ[i], PosI)
		}
	}
	return tags
}
