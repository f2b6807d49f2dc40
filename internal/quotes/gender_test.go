package quotes

import (
	"testing"

	"github.com/copydesk/copydesk/internal/article"
)

func TestNameGender(t *testing.T) {
	for _, c := range []struct {
		name string
		want int8
	}{
		{"Laura Beck", female},
		{"Douglas Fenwick", male},
		{"Jordan Peale", 0}, // in both lists
		{"Sasha Korbin", 0},
		{"Beck", 0}, // a single word may be a family name
		{"Zorin Pakhomov", 0},
		{"laura beck", 0},
		{"", 0},
	} {
		if got := nameGender(c.name); got != c.want {
			t.Errorf("nameGender(%q) = %d, want %d", c.name, got, c.want)
		}
	}
}

// TestGivenNameGender: with nothing in the text to tell, a given name
// decides whom "he" or "she" stands for; what the text says wins over it.
func TestGivenNameGender(t *testing.T) {
	for _, c := range []struct {
		text  string
		specs []entSpec
		want  string
	}{
		{"Sarah Kettering and Douglas Fenwick founded the bakery in 2015. “We started with one oven,” he said.",
			[]entSpec{{"Sarah Kettering", article.Person, []string{"Sarah Kettering"}, nil}, {"Douglas Fenwick", article.Person, []string{"Douglas Fenwick"}, nil}},
			"Douglas Fenwick"},
		{"Councillor Paul Emery proposed the change, and Councillor Diane Shaw opposed it. “It is a waste of money,” she said.",
			[]entSpec{{"Paul Emery", article.Person, []string{"Paul Emery"}, nil}, {"Diane Shaw", article.Person, []string{"Diane Shaw"}, nil}},
			"Diane Shaw"},
		// the text's "Mr." wins over the given name
		{"Laura Beck met Kevin Ames. Mr. Beck spoke first. “The plan is ready,” he said.",
			[]entSpec{{"Laura Beck", article.Person, []string{"Laura Beck", "Beck"}, nil}, {"Kevin Ames", article.Person, []string{"Kevin Ames", "Ames"}, nil}},
			"Laura Beck"},
	} {
		ents := buildEntities(c.text, c.specs)
		got := Find(c.text, nil, ents)
		checkInvariants(t, c.text, got, ents)
		if len(got) != 1 || speakerName(got[0]) != c.want {
			for _, q := range got {
				t.Logf("got %q speaker=%q", q.Text, speakerName(q))
			}
			t.Errorf("%q: want one quote of %s", c.text, c.want)
		}
	}
}

// TestQuoteAfterBareSubject: a quote right after its sentence's subject
// says something of that person; it is the paragraph's last speaker's.
func TestQuoteAfterBareSubject(t *testing.T) {
	text := "According to Owen Marsh, his partner Lydia Crane “was slowly withdrawing” from the firm. She “stopped returning calls” that spring."
	ents := buildEntities(text, []entSpec{
		{"Owen Marsh", article.Person, []string{"Owen Marsh"}, nil},
		{"Lydia Crane", article.Person, []string{"Lydia Crane"}, nil},
	})
	got := Find(text, nil, ents)
	checkQuotes(t, text, got, []want{{"was slowly withdrawing", "Owen Marsh", "according to"}, {"stopped returning calls", "Owen Marsh", ""}})
}

// TestPronounNotOwnEvidence: the pronoun being resolved gives its
// antecedent no gender ("Gale said. “…,” she said" leaves Gale's gender
// to the rest of the text), and an owner in apposition ("Charles Ebert,
// her rival,") is someone else.
func TestPronounNotOwnEvidence(t *testing.T) {
	for _, c := range []struct {
		text  string
		specs []entSpec
		want  string
	}{
		{"Nathan Pryce has coached the team since 2019. Last week he hired Laura Beck as an assistant. “She knows the game better than anyone,” he said.",
			[]entSpec{{"Nathan Pryce", article.Person, []string{"Nathan Pryce"}, nil}, {"Laura Beck", article.Person, []string{"Laura Beck"}, nil}},
			"Nathan Pryce"},
		{"Anthony Gale interviewed Susan Reyes for the job. “She impressed everyone,” Gale said. “I was nervous,” she said later.",
			[]entSpec{{"Anthony Gale", article.Person, []string{"Anthony Gale", "Gale"}, nil}, {"Susan Reyes", article.Person, []string{"Susan Reyes"}, nil}},
			"Susan Reyes"},
		{"Robin Hale said she would run again. Charles Ebert, her rival, said he would not. “I have unfinished business,” she said.",
			[]entSpec{{"Robin Hale", article.Person, []string{"Robin Hale"}, nil}, {"Charles Ebert", article.Person, []string{"Charles Ebert"}, nil}},
			"Robin Hale"},
	} {
		checkLastSpeaker(t, c.text, c.specs, c.want)
	}
}

// TestAskedAnswers: "X asked her … “…,” she replied" is the one asked,
// not X, whose gender the text does not tell; a "him" or "her" after
// another verb leaves the subject the speaker ("Keller told him … he said").
func TestAskedAnswers(t *testing.T) {
	for _, c := range []struct {
		text  string
		specs []entSpec
		want  string
	}{
		{"Dr. Nerys Gwyn told lawmakers the agency was short of staff. Representative Sam Aldo asked her whether more money would help. “Of course it would,” she replied.",
			[]entSpec{{"Nerys Gwyn", article.Person, []string{"Nerys Gwyn"}, nil}, {"Sam Aldo", article.Person, []string{"Sam Aldo"}, nil}},
			"Nerys Gwyn"},
		{"Tal Brenner met the engineer on Monday. A colleague, Kit Oduya, joined them. Oduya asked him about the bridge. “It will not last the winter,” he said.",
			[]entSpec{{"Tal Brenner", article.Person, []string{"Tal Brenner"}, nil}, {"Kit Oduya", article.Person, []string{"Kit Oduya", "Oduya"}, nil}},
			"Tal Brenner"},
		{"Senator Kit Oduya questioned Tal Brenner for an hour. Brenner told him the troops would be home by spring. “You have my word,” he said.",
			[]entSpec{{"Tal Brenner", article.Person, []string{"Tal Brenner", "Brenner"}, nil}, {"Kit Oduya", article.Person, []string{"Kit Oduya"}, nil}},
			"Tal Brenner"},
	} {
		checkLastSpeaker(t, c.text, c.specs, c.want)
	}
}

// TestUnnamedSubject: "he" or "she" after a sentence whose subject is an
// unnamed person ("A nurse, who asked not to be named, said …") is that
// person, whom no entity names; a name in apposition names the subject.
func TestUnnamedSubject(t *testing.T) {
	specs := []entSpec{{"Kit Nasser", article.Person, []string{"Kit Nasser", "Nasser"}, nil}, {"Jo Starner", article.Person, []string{"Jo Starner"}, nil}}
	for _, c := range []struct{ text, want string }{
		{"The director, Kit Nasser, said staff were tired. “We are running on fumes,” Nasser said.\n\nA nurse, who asked not to be named, said it was worse than Nasser described. “People are dying in corridors,” she said.", ""},
		{"The director, Kit Nasser, said staff were tired. “We are running on fumes,” Nasser said.\n\nA retired nurse in her 80s, Jo Starner lives near the hospital. “People are dying in corridors,” she said.", "Jo Starner"},
		{"The director, Kit Nasser, said staff were tired. “We are running on fumes,” Nasser said.\n\nThen there is Jo Starner. A retired nurse, she lives near the hospital. “People are dying in corridors,” she said.", "Jo Starner"},
	} {
		checkLastSpeaker(t, c.text, specs, c.want)
	}
}

// TestNameOutweighsOnePronoun: one pronoun after a name ("Henri Blanc
// suggested she was lying") does not overrule a given name that only one
// gender bears; two do.
func TestNameOutweighsOnePronoun(t *testing.T) {
	specs := []entSpec{{"Sophie Lambert", article.Person, []string{"Sophie Lambert", "Lambert"}, nil}, {"Henri Blanc", article.Person, []string{"Henri Blanc"}, nil}}
	text := "Sophie Lambert testified on Thursday. “He threatened me,” Lambert said.\n\nThe defense lawyer, Henri Blanc, suggested she was lying. “I am telling the truth,” she replied."
	ents := buildEntities(text, specs)
	got := Find(text, nil, ents)
	checkInvariants(t, text, got, ents)
	if len(got) != 2 || speakerName(got[1]) != "Sophie Lambert" {
		for _, q := range got {
			t.Logf("got %q speaker=%q", q.Text, speakerName(q))
		}
		t.Errorf("want the second quote to be Sophie Lambert's")
	}
}

// TestPronounChain: a sentence that opens with "he" or "she" stands for
// whom that pronoun does, though no subject names the person ("Nobody
// knows the river better than Fergus Lyle. He has fished it …").
func TestPronounChain(t *testing.T) {
	text := "The mill at Kit Nasser’s farm closed on Monday.\n\nNobody knows the river better than Fergus Lyle. He has fished it for 50 years. “The salmon are gone,” he said. “Twenty years ago you could catch ten in a morning.”"
	ents := buildEntities(text, []entSpec{{"Kit Nasser", article.Person, []string{"Kit Nasser", "Nasser"}, nil}, {"Fergus Lyle", article.Person, []string{"Fergus Lyle"}, nil}})
	got := Find(text, nil, ents)
	checkInvariants(t, text, got, ents)
	if len(got) != 2 || speakerName(got[0]) != "Fergus Lyle" || speakerName(got[1]) != "Fergus Lyle" {
		for _, q := range got {
			t.Logf("got %q speaker=%q", q.Text, speakerName(q))
		}
		t.Errorf("want both quotes to be Fergus Lyle's")
	}
}

// checkLastSpeaker checks that the last quote Find gives for text, with
// the entities of specs, is want's ("" for none).
func checkLastSpeaker(t *testing.T, text string, specs []entSpec, want string) {
	t.Helper()
	ents := buildEntities(text, specs)
	got := Find(text, nil, ents)
	checkInvariants(t, text, got, ents)
	if len(got) == 0 || speakerName(got[len(got)-1]) != want {
		for _, q := range got {
			t.Logf("got %q speaker=%q", q.Text, speakerName(q))
		}
		t.Errorf("%q: want the last quote to be %q's", text, want)
	}
}
