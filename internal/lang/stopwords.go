package lang

import "strings"

// Language bits, in order of preference when evidence ties: copy in this
// pipeline comes mostly in English and Spanish.
const (
	bitEN uint8 = 1 << iota
	bitES
	bitPT
	bitFR
	bitIT
	bitDE
	bitNL
	numLangs = iota
)

// codes maps bit index to ISO 639-1 code.
var codes = [numLangs]string{"en", "es", "pt", "fr", "it", "de", "nl"}

func bitOf(code string) uint8 {
	for i, c := range codes {
		if c == code {
			return 1 << uint(i)
		}
	}
	return 0
}

// Function words of each language: articles, prepositions, conjunctions,
// pronouns and the commonest auxiliaries. A word may belong to several.
var stopwordLists = [numLangs]string{
	// en
	`the of and to a in that is was he for it with as his on be at by this had not are but from or have an they
	which you were her all she there would their we him been has when who will no if out so what its about into
	than them can other some could these then do any my now such our over me even most after also did many before
	must through where much your those should because each just how both being under while might us since against
	during without again however does yet why i`,
	// es
	`de la que el en y a los se del las un por con no una su para es al lo como más pero sus le ya o fue este ha
	sí porque esta son entre está cuando muy sin sobre ser también me hasta hay donde han quien están desde todo
	nos durante todos uno les ni contra otros fueron ese eso había ante ellos e esto antes algunos qué unos yo otro
	otras otra él tanto esa estos mucho quienes nada muchos cual sea poco ella estar haber estas algunas algo
	nosotros mi mis tú te ti tu tus ellas nuestro nuestra cuyo dijo según tras aunque hacia`,
	// pt
	`de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi ao ele das tem à seu sua
	ou ser quando muito há nos já está eu também só pelo pela até isso ela entre era depois sem mesmo aos ter seus
	quem nas me esse eles estão você tinha foram essa num nem suas meu às minha têm numa pelos elas havia seja qual
	será nós tenho lhe deles essas esses pelas este fosse dele vocês lhes nosso nossa nossos nossas dela delas esta
	estes estas aquele aquela isto aquilo disse segundo após`,
	// fr
	`de la le et les des en un du une que est pour qui dans a par plus pas au sur ne se ce il sont avec ils son aux
	qu elle ont mais ou été comme ses cette leur nous même ces y tout sa sans être sous entre fait très leurs deux
	dont aussi était alors depuis peu où selon lui donc avait je vous après avant`,
	// it
	`di e il la che è per un in del non una con da i si le sono al della ma lo come anche più alla dei nel gli ha
	ci questo delle o se nella essere ad ho hanno ancora dopo molto tutto stato loro suo sua degli negli sulla sul
	suoi quando tra fra cui io lui lei noi voi questa questi quello quella ne perché già senza ogni dove così
	mentre ed era erano fu sempre poi però nei alle agli dal dalla dagli dai a`,
	// de
	`der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat
	dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis
	mehr durch man sein wurde sei ihr ihre ihren wir ich du beim gegen seit unter wenn dann schon sehr diese
	dieser dieses kann soll vom`,
	// nl
	`de van het een en in is dat op te zijn met voor niet aan er om die ook als bij door maar uit dan wordt nog
	naar heeft tot werd hij ze zich wel worden kan was hebben ik je we al over geen of dit meer deze onder na
	tegen zou daar moet`,
}

// stopwords maps a lower-case function word to the bits of the languages
// it belongs to.
var stopwords = func() map[string]uint8 {
	m := make(map[string]uint8, 600)
	for i, list := range stopwordLists {
		for _, w := range strings.Fields(list) {
			m[w] |= 1 << uint(i)
		}
	}
	return m
}()

// stopTable answers stopwords lookups without hashing strings: words of up
// to eight bytes are packed into a uint64 and found by open addressing in a
// small table; longer words fall back on the map.
var stopTable = newWordTable(stopwords)

// wordTable is a read-only set of lower-case words with a uint8 value.
type wordTable struct {
	keys  []uint64 // 0 marks an empty slot; packed words are never 0
	vals  []uint8
	shift uint
	long  map[string]uint8
}

func newWordTable(m map[string]uint8) *wordTable {
	size, shift := 1, uint(64)
	for size < 4*len(m) {
		size <<= 1
		shift--
	}
	t := &wordTable{keys: make([]uint64, size), vals: make([]uint8, size), shift: shift, long: map[string]uint8{}}
	for w, v := range m {
		k, ok := packWord([]byte(w))
		if !ok {
			t.long[w] = v
			continue
		}
		h := (k * 0x9E3779B97F4A7C15) >> t.shift
		for t.keys[h] != 0 {
			h = (h + 1) & uint64(size-1)
		}
		t.keys[h], t.vals[h] = k, v
	}
	return t
}

// packWord packs a word of one to eight bytes, none of them 0, into a
// uint64.
func packWord(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 8 {
		return 0, false
	}
	var k uint64
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == 0 {
			return 0, false
		}
		k = k<<8 | uint64(b[i])
	}
	return k, true
}

// getPacked is get for a word w without NUL bytes whose packed form, when
// it is one to eight bytes long, is k.
func (t *wordTable) getPacked(k uint64, w []byte) uint8 {
	switch {
	case len(w) == 0:
		return 0
	case len(w) > 8:
		return t.long[string(w)]
	}
	return t.probe(k)
}

// get returns the value of w, 0 when w is not in the table.
func (t *wordTable) get(w []byte) uint8 {
	k, ok := packWord(w)
	if !ok {
		if len(w) <= 8 {
			return 0 // empty, or holds a NUL byte: never a stopword
		}
		return t.long[string(w)]
	}
	return t.probe(k)
}

// probe looks a packed word k up in the open-addressed table.
func (t *wordTable) probe(k uint64) uint8 {
	mask := uint64(len(t.keys) - 1)
	for h := (k * 0x9E3779B97F4A7C15) >> t.shift; ; h = (h + 1) & mask {
		switch t.keys[h] {
		case k:
			return t.vals[h]
		case 0:
			return 0
		}
	}
}

// FunctionWords returns the function words of the language with ISO 639-1
// code (en, es, pt, fr, it, de, nl), lower case, or nil for another
// language.
func FunctionWords(code string) []string {
	for i, c := range codes {
		if c == code {
			return strings.Fields(stopwordLists[i])
		}
	}
	return nil
}
