package clean

import (
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/google/go-cmp/cmp"
)

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatalf("read test article: %v", err)
	}
	return string(b)
}

const seedURL = "https://www.noticiascaracol.com/mundo/vladimir-putin-viajo-a-corea-del-norte-luego-de-25-anos-para-afianzar-alianzas-militares-cb20"

func TestCleanSeed(t *testing.T) {
	raw := readTestdata(t, "seed.txt")
	res := Clean(raw)
	checkInvariants(t, res)

	wantRemoved := []article.Removal{
		{Kind: "promo", Text: ">>> See more: Vladimir Putin says he will order a ceasefire, but if Ukraine meets certain conditions"},
		{Kind: "promo", Text: ">>> You may be interested in: Zelensky after summit in Switzerland: Russian leaders “are not ready for a just peace”"},
		{Kind: "source", Text: "Source: " + seedURL},
		{Kind: "debris", Text: "Leave a Reply"},
	}
	if diff := cmp.Diff(wantRemoved, res.Removed); diff != "" {
		t.Errorf("Removed (-want +got):\n%s", diff)
	}
	if res.URL != seedURL {
		t.Errorf("URL = %q", res.URL)
	}
	if res.Source != "noticiascaracol.com" {
		t.Errorf("Source = %q", res.Source)
	}
	var heads []string
	for _, h := range res.Headings {
		heads = append(heads, res.Text[h.Start:h.End])
	}
	wantHeads := []string{"Strategic partnership between Russia and North Korea", "“Brothers in arms”", "South Korea, pending visit"}
	if diff := cmp.Diff(wantHeads, heads); diff != "" {
		t.Errorf("Headings (-want +got):\n%s", diff)
	}

	// Every other paragraph survives intact, except for the three
	// typography repairs the seed needs.
	var want []string
	for _, p := range strings.Split(raw, "\n\n") {
		p = strings.TrimSpace(p)
		if strings.HasPrefix(p, ">>>") || strings.HasPrefix(p, "Source:") || p == "Leave a Reply" {
			continue
		}
		want = append(want, p)
	}
	repairs := []struct{ from, to string }{
		{"in the future “Putin wrote", "in the future” Putin wrote"},
		{"two countries”declared", "two countries” declared"},
		{"to Ukraine”Kuleba", "to Ukraine” Kuleba"},
	}
	wantText := strings.Join(want, "\n\n")
	for _, r := range repairs {
		if !strings.Contains(wantText, r.from) {
			t.Fatalf("seed lacks %q", r.from)
		}
		wantText = strings.Replace(wantText, r.from, r.to, 1)
	}
	if diff := cmp.Diff(strings.Split(wantText, "\n\n"), strings.Split(res.Text, "\n\n")); diff != "" {
		t.Errorf("Text paragraphs (-want +got):\n%s", diff)
	}
	if n := strings.Count(res.Text, "\n\n") + 1; n != 27 {
		t.Errorf("paragraphs = %d, want 27", n)
	}
	again := Clean(res.Text)
	if again.Text != res.Text || len(again.Removed) != 0 || !slices.Equal(again.Headings, res.Headings) {
		t.Errorf("Clean is not idempotent on the seed: removed %v", again.Removed)
	}
}

func TestCleanArticles(t *testing.T) {
	tests := []struct {
		file     string
		url      string
		source   string
		removed  []string // "kind: text"
		headings []string
		contains []string
		absent   []string
	}{
		{
			file: "wire.txt",
			removed: []string{
				"byline: By Maria Lopez and Tom Becker",
				"byline: Reporting by Maria Lopez and Tom Becker; Editing by Alan Grey",
				"other: © 2024 Thomson Reuters. All rights reserved.",
			},
			contains: []string{
				"WASHINGTON (Reuters) - U.S. Senate leaders on Thursday",
				"\"We have done our part,\" Avery told reporters",
				"since 2019, when a 35-day shutdown",
				"The measure extends current funding levels",
				"Speaker Mr. J. R. Dunmore",
			},
			absent: []string{"\r", "\t", "\u00a0", " ,"},
		},
		{
			file:   "translated.txt",
			url:    "https://www.elnoticiero.example.co/colombia/medellin/plan-de-movilidad-2025",
			source: "elnoticiero.example.co",
			removed: []string{
				"promo: >> Lea también: Bogotá prepara cambios en el pico y placa para 2025",
				"promo: Le puede interesar: Capturan a alias \"El Flaco\" en el Valle de Aburrá",
				"promo: Más información: https://www.example.co/movilidad",
				"source: Fuente: https://www.elnoticiero.example.co/colombia/medellin/plan-de-movilidad-2025",
				"debris: Deja un comentario",
			},
			contains: []string{"[el centro de la ciudad]", "in favor of life (…) and of clean air,\" Ríos said"},
		},
		{
			file: "sharebar.txt",
			removed: []string{
				"share: Share this:",
				"share: Share on Facebook",
				"share: Share on X (Twitter)",
				"share: Click to share on WhatsApp (Opens in new window)",
				"byline: By Jane Holloway",
				"byline: Photo: Port Authority handout",
				"promo: Related: Harbour bridge costs rise again",
				"promo: Subscribe to our newsletter",
				"debris: Leave a Comment",
				"debris: Your email address will not be published. Required fields are marked *",
			},
			headings: []string{"City council approves new harbour bridge", "Funding and timeline"},
			contains: []string{"Construction is due to begin in March, pending a final environmental review."},
		},
		{
			file: "spanish.txt",
			removed: []string{
				"promo: Lea también: Los detalles del nuevo tratado de libre comercio",
				"promo: Te puede interesar: ¿Qué es el triángulo del litio?",
				"share: Compartir",
				"debris: Deja un comentario",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			res := Clean(readTestdata(t, tt.file))
			checkInvariants(t, res)
			var removed []string
			for _, r := range res.Removed {
				removed = append(removed, r.Kind+": "+r.Text)
			}
			if diff := cmp.Diff(tt.removed, removed); diff != "" {
				t.Errorf("Removed (-want +got):\n%s", diff)
			}
			if res.URL != tt.url || res.Source != tt.source {
				t.Errorf("URL, Source = %q, %q; want %q, %q", res.URL, res.Source, tt.url, tt.source)
			}
			var heads []string
			for _, h := range res.Headings {
				heads = append(heads, res.Text[h.Start:h.End])
			}
			if diff := cmp.Diff(tt.headings, heads); diff != "" {
				t.Errorf("Headings (-want +got):\n%s", diff)
			}
			for _, s := range tt.contains {
				if !strings.Contains(res.Text, s) {
					t.Errorf("Text lacks %q", s)
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(res.Text, s) {
					t.Errorf("Text contains %q", s)
				}
			}
			// Cleaning clean text changes nothing.
			again := Clean(res.Text)
			if again.Text != res.Text || len(again.Removed) != 0 {
				t.Errorf("Clean is not idempotent: removed %v", again.Removed)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		line, kind, url string
	}{
		// Promos.
		{">>> See more: Something happened", "promo", ""},
		{">> Anything at all", "promo", ""},
		{"Read more: Prices rise again", "promo", ""},
		{"READ MORE: Prices rise again", "promo", ""},
		{"Also read | Prices rise again", "promo", ""},
		{"Related: Prices rise", "promo", ""},
		{"Related", "promo", ""},
		{"» Lea también: Hoy", "promo", ""},
		{"Lea también: Hoy", "promo", ""},
		{"Le puede interesar: Hoy", "promo", ""},
		{"Vea también: Hoy", "promo", ""},
		{"Te puede interesar: Hoy", "promo", ""},
		{"Más información: aquí", "promo", ""},
		{"Watch: The moment the bridge fell", "promo", ""},
		{"Subscribe to our newsletter", "promo", ""},
		{"Sign up for our daily briefing", "promo", ""},
		{"► Los más leídos del día", "promo", ""},
		// Share bars.
		{"Share this:", "share", ""},
		{"Share on Facebook", "share", ""},
		{"Click to share on Twitter (Opens in new window)", "share", ""},
		{"Facebook Twitter WhatsApp Email", "share", ""},
		{"Facebook", "share", ""},
		{"Compartir", "share", ""},
		{"Compartir en WhatsApp", "share", ""},
		// Comment forms and furniture.
		{"Leave a Reply", "debris", ""},
		{"Leave a Reply Cancel reply", "debris", ""},
		{"Leave a Comment", "debris", ""},
		{"Deja un comentario", "debris", ""},
		{"Deja una respuesta", "debris", ""},
		{"12 Comments", "debris", ""},
		{"Name *", "debris", ""},
		{"ADVERTISEMENT", "debris", ""},
		{"Save my name, email, and website in this browser for the next time I comment.", "debris", ""},
		// Bylines and credits.
		{"By John Smith", "byline", ""},
		{"BY JOHN SMITH", "byline", ""},
		{"By John Smith and Ana de la Cruz, Reuters", "byline", ""},
		{"Por Juan Pérez", "byline", ""},
		{"Photo: Reuters", "byline", ""},
		{"Foto: Colprensa", "byline", ""},
		{"REUTERS/Evelyn Hockstein", "byline", ""},
		{"Reporting by Jane Doe; Editing by John Roe", "byline", ""},
		{"(Reporting by Jean Mbuyi; Editing by Mark Potter)", "byline", ""},
		{"(Photo courtesy of the family)", "byline", ""},
		{"(The figures were revised on Monday.)", "", ""},
		{"(Reporters were told to wait outside.)", "", ""},
		{"Con información de AFP y EFE", "byline", ""},
		// Sources.
		{"Source: https://www.example.com/a/b", "source", "https://www.example.com/a/b"},
		{"Fuente: https://example.org/x.", "source", "https://example.org/x"},
		{"Via: https://news.example.net/story?id=1", "source", "https://news.example.net/story?id=1"},
		{"Source: www.example.com/a", "source", "https://www.example.com/a"},
		{"Source: AFP", "source", ""},
		// Other.
		{"© 2024 Example News", "other", ""},
		{"Copyright 2024 Example News. All rights reserved.", "other", ""},
		{"* * *", "other", ""},
		{"https://example.com/only-a-link", "other", ""},
		{"Updated: June 19, 2024", "other", ""},
		{"CLICK FOR FULL STATE SWIM RESULTS", "promo", ""},
		{"Haz clic aquí para ver el video", "promo", ""},
		{"Click-through rates fell by half.", "", ""},
		{"This shop has been compensated by #CollectiveBias, Inc. and its advertiser. All opinions are mine alone.", "other", ""},
		{"Disclosure: The author owns shares of Example Corp.", "other", ""},
		{"This post may contain affiliate links, and we may earn a commission.", "other", ""},
		{"Disclosure of the documents came a week later.", "", ""},
		// Body text that looks a little like boilerplate.
		{"By Tuesday, the deal was done.", "", ""},
		{"By the end of the year, prices had doubled.", "", ""},
		{"More than 100 people were killed.", "", ""},
		{"Read the statement in full below.", "", ""},
		{"Share prices fell 3% on Monday.", "", ""},
		{"Shares of Example Corp rose.", "", ""},
		{"Sources said the talks had stalled.", "", ""},
		{"Related news is scarce.", "", ""},
		{"Credit-Suisse shares fell.", "", ""},
		{"Photographs of the scene were published.", "", ""},
		{"WASHINGTON (Reuters) - The Senate voted on Thursday.", "", ""},
		{"(Reuters) - The Senate voted on Thursday.", "", ""},
		{"Watching the vote, he said nothing.", "", ""},
		{"Compartir experiencias es clave, dijo.", "", ""},
		{"Strategic partnership between Russia and North Korea", "", ""},
		{"“Brothers in arms”", "", ""},
		{"Email", "debris", ""},
	}
	for _, tt := range tests {
		kind, url := classify(tt.line)
		if kind != tt.kind || url != tt.url {
			t.Errorf("classify(%q) = %q, %q; want %q, %q", tt.line, kind, url, tt.kind, tt.url)
		}
	}
}

func TestCleanRepairs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"A\r\nB.\r\n\r\nC\rD", "A\n\nB.\n\nC\n\nD"},
		{"a\r\nb", "a b"},
		{"one\u00a0two\tthree  four", "one two three four"},
		{"zero\u200bwidth\u00adsoft\x01ctl\ufeff", "zerowidthsoftctl"},
		{"“Hello,”said Ann.", "“Hello,” said Ann."},
		{"“Hello” Ann said, “and bye “she added.", "“Hello” Ann said, “and bye” she added."},
		{"He said“no” twice.", "He said “no” twice."},
		{"Well , this is odd .", "Well, this is odd."},
		{"It rose ( sharply ) today !", "It rose (sharply) today!"},
		{"“ Spaced quote ” she said.", "“Spaced quote” she said."},
		{"Wait ... what?", "Wait ... what?"},
		{"One “odd quote left", "One “odd quote left"},
		{"line one continues\nhere on the next line.", "line one continues here on the next line."},
		{"First paragraph ends here.\nSecond paragraph starts here.", "First paragraph ends here.\n\nSecond paragraph starts here."},
		{"The end.Leave a Reply", "The end."},
		{"The end. Leave a Comment", "The end."},
		{"Kan reported on Wednesday.The staff said so.", "Kan reported on Wednesday. The staff said so."},
		{"It moved to the U.S.Army base in St.Louis, near example.Com/x and www.example.Com today.",
			"It moved to the U.S.Army base in St.Louis, near example.Com/x and www.example.Com today."},
		{"", ""},
		{"\n\n  \n", ""},
	}
	for _, tt := range tests {
		res := Clean(tt.in)
		if res.Text != tt.want {
			t.Errorf("Clean(%q).Text = %q, want %q", tt.in, res.Text, tt.want)
		}
		checkInvariants(t, res)
	}
}

func TestHeadings(t *testing.T) {
	tests := []struct {
		p, next string
		want    bool
	}{
		{"Strategic partnership between Russia and North Korea", "“What worries us…", true},
		{"“Brothers in arms”", "Putin’s visit takes place…", true},
		{"South Korea, pending visit", "South Korea indicated…", true},
		{"The talks ended.", "Next day…", false},
		{"Funding and timeline", "and then…", false},
		{"“We will win,” he said", "Then…", false},
		{"“This is a long quoted sentence that goes on and on for many words”", "Then…", false},
		{"- bullet item", "Next", false},
		{"What happens next?", "Officials said…", false},
	}
	for _, tt := range tests {
		if got := isHeading(tt.p, tt.next); got != tt.want {
			t.Errorf("isHeading(%q) = %v, want %v", tt.p, got, tt.want)
		}
	}
}

// checkInvariants asserts the shape every Result must have.
func checkInvariants(t *testing.T, res Result) {
	t.Helper()
	s := res.Text
	if !utf8.ValidString(s) {
		t.Fatalf("Text is not valid UTF-8: %q", s)
	}
	if s != strings.TrimSpace(s) {
		t.Errorf("Text has leading or trailing space: %q", s)
	}
	if strings.Contains(s, "\n\n\n") || strings.Contains(s, "  ") || strings.Contains(s, " \n") || strings.Contains(s, "\n ") {
		t.Errorf("Text has bad spacing: %q", s)
	}
	for _, p := range strings.Split(s, "\n\n") {
		if strings.Contains(p, "\n") {
			t.Errorf("paragraph holds a single newline: %q", p)
		}
	}
	prev := -1
	for _, h := range res.Headings {
		if h.Start < 0 || h.End > len(s) || h.Start >= h.End || h.Start < prev {
			t.Fatalf("bad heading span %v in %d bytes", h, len(s))
		}
		prev = h.End
		if (h.Start > 0 && s[h.Start-1] != '\n') || (h.End < len(s) && s[h.End] != '\n') {
			t.Errorf("heading %v is not a whole paragraph", h)
		}
	}
	if res.Headings == nil || res.Removed == nil {
		t.Error("Headings and Removed must be non-nil")
	}
	for _, r := range res.Removed {
		if r.Text == "" || !utf8.ValidString(r.Text) {
			t.Errorf("bad removal %+v", r)
		}
		switch r.Kind {
		case "promo", "debris", "source", "byline", "share", "other":
		default:
			t.Errorf("unknown removal kind %q", r.Kind)
		}
	}
	if (res.URL == "") != (res.Source == "") {
		t.Errorf("URL %q and Source %q disagree", res.URL, res.Source)
	}
}

func FuzzClean(f *testing.F) {
	for _, name := range []string{"seed.txt", "wire.txt", "translated.txt", "sharebar.txt", "spanish.txt"} {
		f.Add(readTestdata(f, name))
	}
	for _, s := range []string{"", "\n", "“", "”x", "a “b", "\xff\xfe", "Source: http://", "Source: http://[::1", ">>>",
		"x.Leave a Reply", "Leave a Reply", "A\n\nB", "“”“”", " ( ) [ ] ", "\r\r\n\u2028", "By \u00a0", "a-\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		res := Clean(raw)
		checkInvariants(t, res)
	})
}

func BenchmarkClean(b *testing.B) {
	seed := readTestdata(b, "seed.txt")
	b.ReportAllocs()
	b.SetBytes(int64(len(seed)))
	for b.Loop() {
		Clean(seed)
	}
}

// TestAppendFoldKey checks the allocation-free key forms against the
// strings they stand for.
func TestAppendFoldKey(t *testing.T) {
	foldKey := func(s string) string {
		if len(s) > 40 {
			return ""
		}
		s = strings.TrimLeft(s, "0123456789 ")
		s = strings.TrimRight(s, " *:.!?()")
		return strings.ToLower(s)
	}
	for _, s := range []string{"", "12 Comments", "Name *", "E-MAIL:", "MENÚ", "Correo Electrónico", "İstanbul",
		"x", "Facebook", "  7  ", strings.Repeat("a", 40), strings.Repeat("B", 41), "ǅ", "\xffA"} {
		if got := string(appendFoldKey(nil, s)); got != foldKey(s) {
			t.Errorf("appendFoldKey(%q) = %q, want %q", s, got, foldKey(s))
		}
		if got := string(appendLower([]byte("p"), s)); got != "p"+strings.ToLower(s) {
			t.Errorf("appendLower(%q) = %q, want %q", s, got, strings.ToLower(s))
		}
	}
}

// TestInlinePromos checks promos glued to the end of a paragraph: split
// off after the end of a sentence when marked (">>", or a promo label and
// a colon); body text that merely mentions reading more stays.
func TestInlinePromos(t *testing.T) {
	in := "The bridge opened on Monday, the mayor said. READ MORE: Ten best bridges in Europe\n\n" +
		"Traffic was heavy on the first day.>>> See more: Ten best bridges\n\n" +
		"Engineers were pleased.” Read more: Ten best bridges\n\n" +
		"El puente abrió el lunes. Lea también: Los mejores puentes de Europa\n\n" +
		"He said readers could read more about it in the report. More details: none were given.\n\n" +
		"The council will see more: three new piers are planned."
	res := Clean(in)
	want := "The bridge opened on Monday, the mayor said.\n\nTraffic was heavy on the first day.\n\nEngineers were pleased.”\n\n" +
		"El puente abrió el lunes.\n\nHe said readers could read more about it in the report. More details: none were given.\n\n" +
		"The council will see more: three new piers are planned."
	if diff := cmp.Diff(want, res.Text); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
	var promos []string
	for _, r := range res.Removed {
		if r.Kind == article.RemovedPromo {
			promos = append(promos, r.Text)
		}
	}
	wantPromos := []string{"READ MORE: Ten best bridges in Europe", ">>> See more: Ten best bridges", "Read more: Ten best bridges",
		"Lea también: Los mejores puentes de Europa"}
	if diff := cmp.Diff(wantPromos, promos); diff != "" {
		t.Errorf("promos (-want +got):\n%s", diff)
	}
}

// TestBylineAuthors checks the writers read off removed bylines.
func TestBylineAuthors(t *testing.T) {
	for in, want := range map[string][]string{
		"By Olga Petrova, Moscow correspondent\n\nThe bridge opened on Monday.":                  {"Olga Petrova"},
		"By Maria Lopez and Tom Becker\n\nThe bridge opened on Monday.":                          {"Maria Lopez", "Tom Becker"},
		"The bridge opened.\n\n(Reporting by Carla Mendoza; Editing by Peter Graff)":             {"Carla Mendoza"},
		"The bridge opened.\n\nReporting by Ana Ruiz; Additional reporting by Li Wei in Beijing": {"Ana Ruiz", "Li Wei"},
		"Por Juan de la Cruz\n\nEl puente abrió el lunes.":                                       {"Juan de la Cruz"},
		"By Reuters Staff\n\nThe bridge opened on Monday.":                                       nil,
		"By AP\n\nThe bridge opened on Monday.":                                                  nil,
	} {
		if got := Clean(in).Authors; !slices.Equal(got, want) {
			t.Errorf("%q: authors %q, want %q", in, got, want)
		}
	}
}
