package extract

import "testing"

func TestBoilerplate(t *testing.T) {
	junk := []string{
		"Advertisement", "ADVERTISEMENT", "Publicidad",
		"Related: Survey finds sluice gate beyond repair",
		"[Related: Salesforce keynote draws protesters]",
		"Read more: Ferry timetable cut as crew shortage bites",
		">>> See more: Putin says he will order a ceasefire",
		"You may also like...", "More:", "DON'T MISS", "Recommended for you",
		"Lee también: El Gobierno anuncia nuevas medidas", "Leia também: O moinho volta a funcionar",
		"Sign up for our newsletter to get the latest local news delivered to your inbox.",
		"Subscribe to our daily briefing", "Follow us on Twitter and Facebook",
		"CLICK HERE TO GET THE FOX NEWS APP", "Like this story? Share it with a friend!",
		"Share this article", "Photo: Lena Sørby", "Photo credit: AP", "(Photo by Jane Doe/Getty Images)",
		"© 2024 The Coastal Ledger. All rights reserved.", "Copyright © Example Media",
		"(Reporting by Jane Doe; Editing by John Roe)", "Keith Bradsher contributed reporting from Hong Kong.",
		"Filed under: Politics |", "Tags: harbour, heritage", "5 min read", "Tempo de leitura: 2 minutos",
		"Updated at 1:23 p.m.", "Continue Reading Below", "Leave a Reply", "Comments",
		"[button link=”http://example.com/x”] Send us your review[/button]",
	}
	for _, s := range junk {
		if !boilerplate(s, 0) {
			t.Errorf("boilerplate(%q) = false", s)
		}
	}
	story := []string{
		"More than 300 people signed up for the trial, the company said.",
		"Read the report, and you will see why the council changed its mind.",
		"The newsletter, first printed in 1901, was the town's only source of news for decades.",
		"Related companies were also investigated by the regulator.",
		"Photos taken by residents show the water reaching the first floor.",
		"Updated figures released on Tuesday show a sharp rise in admissions, which the hospital attributed to the cold weather.",
		"Watch out for falling rocks, the coastguard warned walkers.",
		"Objections over cost",
	}
	for _, s := range story {
		if boilerplate(s, 0) {
			t.Errorf("boilerplate(%q) = true", s)
		}
	}
	// Link lists: a short all-link block is boilerplate, a bare URL is a
	// reference, a sentence with a link is story.
	if !boilerplate("Ferry timetable cut as crew shortage bites", 1) {
		t.Error("all-link headline kept")
	}
	if boilerplate("http://example.com/report.pdf", 1) {
		t.Error("bare URL dropped")
	}
	if boilerplate("The full report is available online.", 1) {
		t.Error("linked sentence dropped")
	}
	if boilerplate("Heritage", 0.2) {
		t.Error("one-word heading dropped")
	}
}

func TestCleanLines(t *testing.T) {
	blocks := renderBlocks(parse(t, `<p>The wheel will turn again.<br>Read more: Mill plan approved<br>`+
		`<a href="/a">Ferry timetable cut as crew shortage bites</a> [VIDEO]<br>Flour is due in 2027.</p>`))
	if len(blocks) != 1 {
		t.Fatalf("got %d blocks", len(blocks))
	}
	if got, want := cleanLines(blocks[0]), "The wheel will turn again.\nFlour is due in 2027."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
