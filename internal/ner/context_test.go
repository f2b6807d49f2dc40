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
		"Apple Inc. rose. Shares of Apple fell later.\n\nThe company Norvale Pharma recalled a drug. A Norvale spokesman said it was safe, and Norvale shares fell."
	checkNames(t, r, text, map[string]string{"Halvorsen Foods": "Halvorsen Foods Inc", "Halvorsen": "Halvorsen Foods Inc", "Apple": "Apple Inc.",
		"Norvale": "Norvale Pharma"})
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

// TestNameRules checks the rules for lone names, company names and
// joined names on text written for the test. Each case lists names with
// their type and, when not 0, their number of mentions; names that must
// not be found; and whether no name may hold " and ".
func TestNameRules(t *testing.T) {
	r := recognizer(t)
	type want struct {
		typ      string
		mentions int
	}
	per, org, loc := article.Person, article.Organization, article.Location
	for _, c := range []struct {
		rule, text string
		want       map[string]want
		absent     []string
		noJoin     bool
	}{
		{"a common family name the tagger reads as a person, with no support",
			"Officials in Kansas City approved the new budget on Tuesday after a long debate.\n\n" +
				"The measure passed 7-2. Holcomb said the city could not afford the new stadium, and Epstein told reporters the vote was rushed.",
			map[string]want{"Epstein": {per, 1}}, nil, false},
		{"a family name a small town bears, with no locative before it",
			"Officials in Kansas City approved the new budget on Tuesday after a long debate.\n\n" +
				"The measure passed 7-2. Holcomb said the city could not afford the new stadium, and Richardson told reporters the vote was rushed.",
			map[string]want{"Richardson": {per, 1}}, nil, false},
		{"company head words outside the model's cues; \"and\" before a given name joins nothing",
			"The awards show is made by Dick Clark Productions in Los Angeles. A dispute between Big Machine and Dick Clark Productions delayed it.\n\n" +
				"Workers at Essar Steel and Take-Two Interactive were also named in the report.",
			map[string]want{"Dick Clark Productions": {org, 0}, "Essar Steel": {org, 0}, "Take-Two Interactive": {org, 0}}, nil, true},
		{"a given name as the subject of a clause; a possessive before a capitalised word",
			"The interview was a disaster for the palace.\n\n" +
				"Andrew claims that he felt honor-bound to visit him. The fact that Andrew was sponsoring a campaign is odd, " +
				"and Andrew’s interview only appears to have happened later. Readers of Tom's Guide and visitors to Martha’s Vineyard disagreed.",
			map[string]want{"Andrew": {per, 3}}, []string{"Tom", "Martha"}, false},
		{"the first two words of a longer company name",
			"The note, which was seen by Billboard, said that Big Machine and Wide Lens Pictures had agreed to a licence for the concert film.\n\n" +
				"“At no time did we agree to a statement with Big Machine Label Group about the show,” the studio said.\n\n" +
				"On Friday, the singer accused Carter, Molina and Big Machine of blocking the film.",
			map[string]want{"Big Machine": {org, 0}}, nil, false},
		{"a name before \", which\"",
			"The record company that owns most of Dana Hill's music, Ray Castle, says she will be allowed to sing her old songs at the awards on Sunday.\n\n" +
				"Dana Hill's first five albums were released through Ray Castle, which was bought by a firm owned by the manager Rob Penn earlier this year. " +
				"Ray Castle has twice denied doing anything wrong.",
			map[string]want{"Ray Castle": {org, 3}, "Dana Hill": {per, 0}, "Rob Penn": {per, 0}}, nil, false},
		{"\"and the\" and \"between\" split organisations",
			"Both teams, the Clippers and the Lakers, are really, really good teams, the coach said.\n\n" +
				"Indeed, the analyst says that talks have resumed between McClatchy and Tribune. Both companies declined to comment.",
			map[string]want{"Clippers": {org, 0}, "Lakers": {org, 0}, "McClatchy": {org, 0}, "Tribune": {org, 0}}, nil, true},
		{"a family name that is a common word or a title, attributing a quote",
			"Local papers are shrinking fast across the country.\n\n" +
				"“The big chains are making money on the way down,” says Doctor. “After two more years of this,” Doctor asks, “what will be left?”",
			map[string]want{"Doctor": {per, 2}}, nil, false},
		{"a small town's name attributing a quote",
			"Bank shares led the market higher on Friday.\n\n" +
				"\"Investors now believe that a recovery is likely,\" said Oza. Bank and financial stocks were among the top gainers, Oza said.",
			map[string]want{"Oza": {per, 2}}, nil, false},
		{"one of the most common family names, although the company list holds it",
			"In their first TV debate of the election on Tuesday, Johnson and Corbyn attacked each other’s policies.\n\n" +
				"Both Johnson and Corbyn are trying to overcome a mountain of distrust.",
			map[string]want{"Johnson": {per, 2}, "Corbyn": {per, 2}}, nil, false},
		{"a person after an organisation's head word; \"and\" after a company's head word",
			"He denied that he, U.S. Ambassador to the European Union Gordon Sondland and Energy Secretary Rick Perry formed a channel.\n\n" +
				"NASA also chose two smaller firms, Ceres Robotics and Tyvak Nano-Satellite Systems Inc, for the work.",
			map[string]want{"European Union": {org, 1}, "Gordon Sondland": {per, 1}, "Ceres Robotics": {org, 1}, "Tyvak Nano-Satellite Systems Inc": {org, 1}}, nil, true},
		{"a place's name before a common family name is a person's given name",
			"The defense did a good job. But that was against Mason Rudolph, a below average quarterback.",
			map[string]want{"Mason Rudolph": {per, 1}}, nil, false},
		{"a name before \", a\" and a person's role",
			"The first two illnesses were confirmed on November 12. But according to NPR’s Feng, Li Jifeng, a doctor at Chaoyang Hospital where the patients were treated, said it spread.",
			map[string]want{"Li Jifeng": {per, 1}}, nil, false},
		{"two capitalised words after a closing quote, before a role in apposition",
			"Trade talks resumed this week.\n\n“What is the additional incentive of this deal?” He Jianxiong, the former executive director for China at the International Monetary Fund, said at the event.",
			map[string]want{"He Jianxiong": {per, 1}}, nil, false},
		{"a Mc family name alone",
			"The song was written in a week.\n\nMcDowell still laughs at the memory of hearing the tune for the first time in the car.",
			map[string]want{"McDowell": {per, 1}}, nil, false},
		{"a family name opening its sentence",
			"Stadia needs more games, says Ward.\n\nBuser, however, is counting on the performance of the new service to bolster Stadia in the early going. \"This is where you will see the next big jump,\" he says.",
			map[string]want{"Buser": {per, 1}}, nil, false},
		{"places joined by a hyphen, or a place before a lower-case word",
			"Markets rose on hopes for the US-China trade talks.\n\nTanks moved along the Baghdad-Damascus highway, a London-based group said, and Asia-Pacific shares rose. Guinea-Bissau voted.",
			map[string]want{"China": {loc, 1}, "Baghdad": {loc, 1}, "Damascus": {loc, 1}, "London": {loc, 1}, "Guinea-Bissau": {loc, 1}},
			[]string{"US-China", "Baghdad-Damascus", "London-based", "Asia", "Pacific"}, false},
		{"an organisation before a hyphen and a lower-case word",
			"The photo app is Facebook-owned, and the GOP-dominated Legislature passed the bill.",
			map[string]want{"Facebook": {org, 1}, "GOP": {org, 1}}, []string{"Facebook-owned", "GOP-dominated"}, false},
		{"a given name before a bare apostrophe after its final s",
			"The Lakers held on late.\n\nJames’ 3-pointer put the Lakers up 109-98 with two minutes left, and James missed two free throws moments later.",
			map[string]want{"James": {per, 2}}, nil, false},
		{"a platform one publishes on",
			"“The leader landed in the capital,” the presidency reported on Telegram. He said on Monday that it was fine.",
			map[string]want{"Telegram": {org, 1}}, []string{"Monday"}, false},
		{"one company in a list types the unknown names beside it, unless they are given names",
			"Gig work looked appealing at first, back in 2016, when driving for Zoober or Lyft or Postmile, or renting a room on the side. " +
				"Pick a colour (Teal, Honda, or Gray) at checkout.",
			map[string]want{"Zoober": {org, 1}, "Postmile": {org, 1}}, []string{"Gray"}, false},
		{"a person's name holds no number",
			"Final standings after 36 races:\n\nPos Driver Points Wins\n\n4 David Ragan 388 0\n",
			map[string]want{"David Ragan": {per, 1}}, []string{"David Ragan 388 0"}, false},
		{"a year opens no organisation's name; \"Rock and Roll\" is one name",
			"The band is nominated for the Rock and Roll Hall of Fame, the 2017 National Football League champions said.",
			map[string]want{"Rock and Roll Hall of Fame": {org, 1}, "National Football League": {org, 1}},
			[]string{"Roll Hall of Fame", "2017 National Football League"}, false},
		{"the people of a place are no place",
			"“I’m actually a Delhiite, and I was born and raised in Delhi, and I never experienced this,” Prakash said.",
			map[string]want{"Delhi": {loc, 1}}, []string{"Delhiite"}, false},
		{"a family named by its plural is people",
			"Giuliani raised a theory that Vice President Joe Biden had acted improperly. He wanted Ukraine to investigate the Bidens and Burisma.",
			map[string]want{"Bidens": {per, 1}}, nil, false},
		{"an airline is no person",
			"Orders came from Biman Bangladesh Airlines and Kazakhstan's Air Astana, executives said.",
			map[string]want{"Air Astana": {org, 1}}, nil, false},
		{"brand and model needs a well-attested brand",
			"The agency picked several companies last week.\n\nBlue Origin will offer NASA its help.",
			map[string]want{"Blue Origin": {org, 1}}, nil, false},
	} {
		ents := r.Entities(c.text, nil)
		checkContract(t, c.text, ents)
		got := map[string]article.Entity{}
		for _, e := range ents {
			got[e.Name] = e
			if c.noJoin && strings.Contains(e.Name, " and ") {
				t.Errorf("%s: %q: two names joined into one", c.rule, e.Name)
			}
		}
		for name, w := range c.want {
			e, ok := got[name]
			switch {
			case !ok:
				t.Errorf("%s: %s not found", c.rule, name)
			case e.Type != w.typ || w.mentions > 0 && len(e.Mentions) != w.mentions:
				t.Errorf("%s: %s is %s with %d mentions, want %s with %d", c.rule, name, e.Type, len(e.Mentions), w.typ, w.mentions)
			}
		}
		for _, name := range c.absent {
			if e, ok := got[name]; ok {
				t.Errorf("%s: %s found as %s, want no entity", c.rule, name, e.Type)
			}
		}
	}
	if !r.sur.has("EPSTEIN") || r.sur.has("Stadia") || !r.sur.veryCommon("Johnson") || r.sur.veryCommon("Epstein") {
		t.Error("surname list: want Epstein in any case, not Stadia; Johnson among the most common, not Epstein")
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
