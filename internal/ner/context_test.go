package ner

import (
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/article"
)

// TestContextRules checks the place, plural, short-name, acronym and
// lexicon rules on text written for the test.
func TestContextRules(t *testing.T) {
	r := recognizer(t)
	text := "SPRINGFIELD, Ill. — The Springfield Courier reported that a fire broke out in Hayward on Monday.\n\n" +
		"The Courier said the Huskies would play there. The European Central Bank (ECB) did not comment, and the ECB " +
		"declined further questions about US-China trade in Guinea-Bissau.\n\n" +
		"Shares of Microsoft rose, as did those of the Liberal Party of Canada, which is not a company."
	ents := r.Entities(text, nil)
	checkContract(t, text, ents)
	got := map[string]string{}
	for _, e := range ents {
		for _, m := range e.Mentions {
			got[text[m.Start:m.End]] = e.Type
		}
	}
	for sf, typ := range map[string]string{
		"SPRINGFIELD": article.Location, "Ill.": article.Location, "Hayward": article.Location,
		"Springfield Courier": article.Organization, "Guinea-Bissau": article.Location, "Courier": article.Organization,
		"Huskies": article.Organization, "European Central Bank": article.Organization, "ECB": article.Organization,
		"Microsoft": article.Organization, "Liberal Party of Canada": article.Organization,
	} {
		if got[sf] != typ {
			t.Errorf("%q: type %q, want %q", sf, got[sf], typ)
		}
	}
	if typ, ok := got["US-China"]; ok {
		t.Errorf("US-China: found as %s, want no entity", typ)
	}
}

// TestSpells checks which acronyms join a longer organisation name.
func TestSpells(t *testing.T) {
	for _, c := range []struct {
		acr, name string
		want      bool
	}{
		{"NSC", "National Security Council", true},
		{"NSC", "National Security Council staff", true},
		{"CDC", "Centers for Disease Control and Prevention", true},
		{"CDC", "Chinese Center for Disease Control and Prevention", true},
		{"CDC", "Chinese Center for Disease Control", true},
		{"CD", "Chinese Center for Disease Control", false},                 // two letters must spell every word
		{"DCP", "Chinese Center for Disease Control and Prevention", false}, // starts at the third word
		{"CCD", "Chinese Center for Disease Control", false},                // ends inside the name
		{"NSCX", "National Security Council", false},
		{"NSA", "National Security Council", false},
	} {
		if got := spells(c.acr, strings.Fields(c.name)); got != c.want {
			t.Errorf("spells(%q, %q) = %v, want %v", c.acr, c.name, got, c.want)
		}
	}
}

// TestSharedSurname checks "Joe and Hunter Biden": the given name alone is
// a person, at the start of a sentence too, named with the shared surname.
func TestSharedSurname(t *testing.T) {
	r := recognizer(t)
	text := "Joe and Hunter Biden met reporters on Monday.\n\nLater, Bill and Hillary Clinton arrived at the hall."
	checkNames(t, r, text, map[string]string{"Joe": "Joe Biden", "Hunter Biden": "Hunter Biden", "Bill": "Bill Clinton", "Hillary Clinton": "Hillary Clinton"})
}

// checkNames checks the entity name each surface of text is a mention of.
func checkNames(t *testing.T, r *Recognizer, text string, want map[string]string) {
	t.Helper()
	ents := r.Entities(text, nil)
	checkContract(t, text, ents)
	names := map[string]string{}
	for _, e := range ents {
		for _, m := range e.Mentions {
			names[text[m.Start:m.End]] = e.Name
		}
	}
	for sf, name := range want {
		if names[sf] != name {
			t.Errorf("%q: entity %q, want %q (all: %v)", sf, names[sf], name, names)
		}
	}
}

// TestCompanyShortNames checks that a company named without its legal
// form or generic words is the same entity.
func TestCompanyShortNames(t *testing.T) {
	r := recognizer(t)
	text := "Halvorsen Foods Inc agreed to buy a dairy on Monday. Halvorsen Foods said the deal closes in May, and Halvorsen will pay $2 billion. " +
		"Apple Inc. rose. Shares of Apple fell later."
	checkNames(t, r, text, map[string]string{"Halvorsen Foods": "Halvorsen Foods Inc", "Halvorsen": "Halvorsen Foods Inc", "Apple": "Apple Inc."})
}

// TestSurnameOpeningAQuote checks a lone surname that opens its sentence
// before "said:" and a quote: a person, unless it is a place.
func TestSurnameOpeningAQuote(t *testing.T) {
	r := recognizer(t)
	text := "Hewitt said: “We will appeal this ruling.”\n\nRussia said: “No.”"
	ents := r.Entities(text, nil)
	checkContract(t, text, ents)
	types := map[string]string{}
	for _, e := range ents {
		types[e.Name] = e.Type
	}
	if types["Hewitt"] != article.Person || types["Russia"] != article.Location {
		t.Errorf("entities %v: want Hewitt a person, Russia a place", types)
	}
}

// TestLoneFamilyName checks that a lone capitalised word the tagger reads
// as a person stays one when it is a common family name, with no full
// name, title or pronoun in the text to support it.
func TestLoneFamilyName(t *testing.T) {
	r := recognizer(t)
	text := "Officials in Kansas City approved the new budget on Tuesday after a long debate.\n\n" +
		"The measure passed 7-2. Holcomb said the city could not afford the new stadium, and Epstein told reporters the vote was rushed."
	ents := r.Entities(text, nil)
	checkContract(t, text, ents)
	for _, e := range ents {
		if e.Name == "Epstein" && e.Type != article.Person {
			t.Errorf("Epstein: type %q, want %q", e.Type, article.Person)
		}
	}
	if !hasEntity(ents, "Epstein") {
		t.Error("Epstein: not found")
	}
	if !r.sur.has("EPSTEIN") || r.sur.has("Stadia") {
		t.Error("surname list: want Epstein in any case, not Stadia")
	}
}

func hasEntity(ents []article.Entity, name string) bool {
	for _, e := range ents {
		if e.Name == name {
			return true
		}
	}
	return false
}

// TestCompanyHeadWords checks company names ending in a head word that is
// no model feature ("Productions", "Steel", "Interactive"), and that "and"
// before a given name does not join two companies into one.
func TestCompanyHeadWords(t *testing.T) {
	r := recognizer(t)
	text := "The awards show is made by Dick Clark Productions in Los Angeles. A dispute between Big Machine and Dick Clark Productions delayed it.\n\n" +
		"Workers at Essar Steel and Take-Two Interactive were also named in the report."
	ents := r.Entities(text, nil)
	checkContract(t, text, ents)
	types := map[string]string{}
	for _, e := range ents {
		types[e.Name] = e.Type
	}
	for _, name := range []string{"Dick Clark Productions", "Essar Steel", "Take-Two Interactive"} {
		if types[name] != article.Organization {
			t.Errorf("%s: type %q, want %q", name, types[name], article.Organization)
		}
	}
	for name := range types {
		if strings.Contains(name, " and ") {
			t.Errorf("%q: two names joined into one", name)
		}
	}
}

// TestGivenNameSubject checks that a lone given name the tagger reads as a
// person stays one when it is the subject of a clause (before a speech
// verb, an auxiliary or a possessive and a lower-case word), while a
// possessive before a capitalised word makes no person ("Tom's Guide").
func TestGivenNameSubject(t *testing.T) {
	r := recognizer(t)
	text := "The interview was a disaster for the palace.\n\n" +
		"Andrew claims that he felt honor-bound to visit him. The fact that Andrew was sponsoring a campaign is odd, " +
		"and Andrew’s interview only appears to have happened later. Readers of Tom's Guide and visitors to Martha’s Vineyard disagreed."
	ents := r.Entities(text, nil)
	checkContract(t, text, ents)
	var andrew int
	for _, e := range ents {
		switch e.Name {
		case "Andrew":
			if e.Type != article.Person {
				t.Errorf("Andrew: type %q, want %q", e.Type, article.Person)
			}
			andrew = len(e.Mentions)
		case "Tom", "Martha":
			t.Errorf("%s: found as %s, want no entity", e.Name, e.Type)
		}
	}
	if andrew != 3 {
		t.Errorf("Andrew: %d mentions, want 3", andrew)
	}
}

// TestCompanyNamePrefix checks that the first two words of a longer
// company name in the article are that company where they stand alone
// ("Big Machine" after "Big Machine Label Group"), not a person.
func TestCompanyNamePrefix(t *testing.T) {
	r := recognizer(t)
	text := "The note, which was seen by Billboard, said that Big Machine and Wide Lens Pictures had agreed to a licence for the concert film.\n\n" +
		"“At no time did we agree to a statement with Big Machine Label Group about the show,” the studio said.\n\n" +
		"On Friday, the singer accused Carter, Molina and Big Machine of blocking the film."
	ents := r.Entities(text, nil)
	checkContract(t, text, ents)
	found := false
	for _, e := range ents {
		if e.Name == "Big Machine" {
			found = true
			if e.Type != article.Organization {
				t.Errorf("Big Machine: type %q, want %q", e.Type, article.Organization)
			}
		}
	}
	if !found {
		t.Error("Big Machine: not found")
	}
}

// TestWhichMakesNoPerson checks that a name of two words followed by
// ", which" anywhere in the article is no person, in all its mentions.
func TestWhichMakesNoPerson(t *testing.T) {
	r := recognizer(t)
	text := "The record company that owns most of Dana Hill's music, Ray Castle, says she will be allowed to sing her old songs at the awards on Sunday.\n\n" +
		"Dana Hill's first five albums were released through Ray Castle, which was bought by a firm owned by the manager Rob Penn earlier this year. " +
		"Ray Castle has twice denied doing anything wrong."
	ents := r.Entities(text, nil)
	checkContract(t, text, ents)
	want := map[string]string{"Ray Castle": article.Organization, "Dana Hill": article.Person, "Rob Penn": article.Person}
	for _, e := range ents {
		if typ, ok := want[e.Name]; ok {
			if e.Type != typ {
				t.Errorf("%s: type %q, want %q", e.Name, e.Type, typ)
			}
			delete(want, e.Name)
		}
	}
	for name := range want {
		t.Errorf("%s: not found", name)
	}
}

// TestFamilyNameOfATown checks that a family name a small town bears stays
// a person where the tagger reads one and no locative precedes it.
func TestFamilyNameOfATown(t *testing.T) {
	r := recognizer(t)
	text := "Officials in Kansas City approved the new budget on Tuesday after a long debate.\n\n" +
		"The measure passed 7-2. Holcomb said the city could not afford the new stadium, and Richardson told reporters the vote was rushed."
	ents := r.Entities(text, nil)
	checkContract(t, text, ents)
	at := strings.Index(text, "Richardson told")
	for _, e := range ents {
		for _, m := range e.Mentions {
			if m.Start == at && e.Type != article.Person {
				t.Errorf("Richardson: type %q, want %q", e.Type, article.Person)
			}
		}
	}
	if !hasEntity(ents, "Richardson") {
		t.Error("Richardson: not found")
	}
}

// TestAndSplitsOrganisations checks that an organisation span holding
// "and the" or following "between" is two names.
func TestAndSplitsOrganisations(t *testing.T) {
	r := recognizer(t)
	text := "Both teams, the Clippers and the Lakers, are really, really good teams, the coach said.\n\n" +
		"Indeed, the analyst says that talks have resumed between McClatchy and Tribune. Both companies declined to comment."
	ents := r.Entities(text, nil)
	checkContract(t, text, ents)
	got := map[string]string{}
	for _, e := range ents {
		got[e.Name] = e.Type
		if strings.Contains(e.Name, " and ") {
			t.Errorf("%q: two names joined into one", e.Name)
		}
	}
	for _, name := range []string{"Clippers", "Lakers", "McClatchy", "Tribune"} {
		if got[name] != article.Organization {
			t.Errorf("%s: type %q, want %q", name, got[name], article.Organization)
		}
	}
}

// TestCamelCase checks which spellings read as a company's rather than a
// place's or a family's.
func TestCamelCase(t *testing.T) {
	for w, want := range map[string]bool{
		"GateHouse": true, "SoFi": true, "WeWork": true, "SpaceX": true,
		"McAllen": false, "DeKalb": false, "LaGrange": false, "MacArthur": false,
		"London": false, "USA": false, "iPhone": false, "Ab": false,
	} {
		if got := camelCase(w); got != want {
			t.Errorf("camelCase(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestCommonWordFamilyNameSpeaker checks that a family name that is also a
// common word or a title is a person where it attributes a quote.
func TestCommonWordFamilyNameSpeaker(t *testing.T) {
	r := recognizer(t)
	text := "Local papers are shrinking fast across the country.\n\n" +
		"“The big chains are making money on the way down,” says Doctor. “After two more years of this,” Doctor asks, “what will be left?”"
	ents := r.Entities(text, nil)
	checkContract(t, text, ents)
	for _, e := range ents {
		if e.Name == "Doctor" {
			if e.Type != article.Person || len(e.Mentions) != 2 {
				t.Errorf("Doctor: %s with %d mentions, want a person with 2", e.Type, len(e.Mentions))
			}
			return
		}
	}
	t.Error("Doctor: not found")
}

// TestSmallTownNameSpeaker checks that a name a small town bears is a
// person where it attributes a quote ("…," said Oza.).
func TestSmallTownNameSpeaker(t *testing.T) {
	r := recognizer(t)
	text := "Bank shares led the market higher on Friday.\n\n" +
		"\"Investors now believe that a recovery is likely,\" said Oza. Bank and financial stocks were among the top gainers, Oza said."
	ents := r.Entities(text, nil)
	checkContract(t, text, ents)
	for _, e := range ents {
		if e.Name == "Oza" {
			if e.Type != article.Person || len(e.Mentions) != 2 {
				t.Errorf("Oza: %s with %d mentions, want a person with 2", e.Type, len(e.Mentions))
			}
			return
		}
	}
	t.Error("Oza: not found")
}

// TestVeryCommonFamilyName checks that one of the most common family
// names, read alone as a person by the tagger, stays one although the
// company list holds it.
func TestVeryCommonFamilyName(t *testing.T) {
	r := recognizer(t)
	text := "In their first TV debate of the election on Tuesday, Johnson and Corbyn attacked each other’s policies.\n\n" +
		"Both Johnson and Corbyn are trying to overcome a mountain of distrust."
	ents := r.Entities(text, nil)
	checkContract(t, text, ents)
	for _, e := range ents {
		if e.Name == "Johnson" {
			if e.Type != article.Person || len(e.Mentions) != 2 {
				t.Errorf("Johnson: %s with %d mentions, want a person with 2", e.Type, len(e.Mentions))
			}
			return
		}
	}
	t.Error("Johnson: not found")
}

// TestBrandAndModel checks that the brand-and-model rule ("Ford Escort"
// is a product) leaves a name whose first word the training data labels
// an organisation only a few times ("Blue Origin").
func TestBrandAndModel(t *testing.T) {
	r := recognizer(t)
	text := "The agency picked several companies last week.\n\nBlue Origin will offer NASA its help."
	ents := r.Entities(text, nil)
	checkContract(t, text, ents)
	if !hasEntity(ents, "Blue Origin") {
		t.Errorf("Blue Origin: not found in %v", ents)
	}
}

// TestDottedAcronyms checks that acronyms written with dots join the
// organisation they spell and their dotless form ("U.N." of "United
// Nations", "E.U." of "EU").
func TestDottedAcronyms(t *testing.T) {
	r := recognizer(t)
	for text, want := range map[string]map[string][]string{
		"The European Union said the EU and E.U. members were slow. The United Nations, the UN and the U.N. agreed.": {
			"European Union": {"European Union", "EU", "E.U."},
			"United Nations": {"United Nations", "UN", "U.N."},
		},
		"The EU said its E.U. members were slow.": {"EU": {"EU", "E.U."}},
	} {
		ents := r.Entities(text, nil)
		checkContract(t, text, ents)
		got := map[string][]string{}
		for _, e := range ents {
			got[e.Name] = e.Aliases
		}
		for name, aliases := range want {
			if strings.Join(got[name], "|") != strings.Join(aliases, "|") {
				t.Errorf("%q: %s has aliases %q, want %q", text, name, got[name], aliases)
			}
		}
	}
	for w, want := range map[string]string{"U.N.": "UN", "E.U.": "EU", "U.S.A.": "USA", "UN": "UN", "U.n.": "U.n.", "A.": "A."} {
		if got := undot(w); got != want {
			t.Errorf("undot(%q) = %q, want %q", w, got, want)
		}
	}
}
