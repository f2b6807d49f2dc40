package extract

import (
	"net/url"
	"slices"
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2024-06-19T08:30:00+02:00", time.Date(2024, 6, 19, 6, 30, 0, 0, time.UTC), true},
		{"2024-06-19T08:30:00.123Z", time.Date(2024, 6, 19, 8, 30, 0, 123000000, time.UTC), true},
		{"2024-06-19T08:30:00+0200", time.Date(2024, 6, 19, 6, 30, 0, 0, time.UTC), true},
		{"2024-06-19 08:30:00", time.Date(2024, 6, 19, 8, 30, 0, 0, time.UTC), true},
		{"2024-06-19", time.Date(2024, 6, 19, 0, 0, 0, 0, time.UTC), true},
		{"Wed, 19 Jun 2024 08:30:00 GMT", time.Date(2024, 6, 19, 8, 30, 0, 0, time.UTC), true},
		{"June 19, 2024", time.Date(2024, 6, 19, 0, 0, 0, 0, time.UTC), true},
		{"", time.Time{}, false},
		{"yesterday", time.Time{}, false},
		{"0001-01-01", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseTime(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parseTime(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCleanAuthors(t *testing.T) {
	tests := []struct {
		in   []string
		want []string
	}{
		{[]string{"By Jane Doe and John Roe"}, []string{"Jane Doe", "John Roe"}},
		{[]string{"JANE DOE", "Jane Doe"}, []string{"Jane Doe"}},
		{[]string{"Ana Pérez y Luis Gómez"}, []string{"Ana Pérez", "Luis Gómez"}},
		{[]string{"https://example.com/authors/jane", "admin", "@janedoe", "Staff Reporter"}, nil},
		{[]string{"Jane Doe; John Roe | Maria Silva"}, []string{"Jane Doe", "John Roe", "Maria Silva"}},
		{[]string{"Colin Rust commented on", "Ana Ruiz says"}, nil}, // a comment section's bylines
		{[]string{"Analysis by Chris Cillizza"}, []string{"Chris Cillizza"}},
		{[]string{"Ilana Muhlstein, MS, RDN", "Rt"}, []string{"Ilana Muhlstein"}},
		{[]string{"Danica Kirka and JILL LAWLESS Associated Press"}, []string{"Danica Kirka", "Jill Lawless"}},
		{[]string{"Finian Cunningham. Sputnik International"}, []string{"Finian Cunningham", "Sputnik International"}},
		{[]string{"Troy L. Smith"}, []string{"Troy L. Smith"}},
	}
	for _, tt := range tests {
		if got := cleanAuthors(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("cleanAuthors(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsoLanguage(t *testing.T) {
	for in, want := range map[string]string{"en": "en", "en-US": "en", "pt_BR": "pt", "ES": "es", "de, en": "de",
		"": "", "english": "", "x": "", "123": ""} {
		if got := isoLanguage(in); got != want {
			t.Errorf("isoLanguage(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStripSiteSuffix(t *testing.T) {
	u, _ := url.Parse("https://www.coastal-ledger.example/x")
	tests := []struct{ title, site, want string }{
		{"Mill plan approved | The Coastal Ledger", "The Coastal Ledger", "Mill plan approved"},
		{"Mill plan approved - The Coastal Ledger", "The Coastal Ledger", "Mill plan approved"},
		{"Coastal Ledger: Mill plan approved", "", "Coastal Ledger: Mill plan approved"},
		{"The Coastal Ledger — Mill plan approved", "The Coastal Ledger", "Mill plan approved"},
		{"Mill plan approved | Local news", "", "Mill plan approved"},
		{"Vote - and what comes next", "The Coastal Ledger", "Vote - and what comes next"},
		{"Opinion | Republicans Are Following the Mayor to Nowhere", "", "Republicans Are Following the Mayor to Nowhere"},
		{"Opinion | Mill plan approved | The Coastal Ledger", "The Coastal Ledger", "Mill plan approved"},
		{"Opinion | Yes", "", "Opinion | Yes"},
		{"BREAKING: Lawan moves motion for Senate’s adjournment", "", "Lawan moves motion for Senate’s adjournment"},
		{"BREAKING NEWS: Chelsea sign their new keeper", "", "Chelsea sign their new keeper"},
	}
	for _, tt := range tests {
		if got := stripSiteSuffix(tt.title, tt.site, u); got != tt.want {
			t.Errorf("stripSiteSuffix(%q, %q) = %q, want %q", tt.title, tt.site, got, tt.want)
		}
	}
}

func TestSiteName(t *testing.T) {
	for in, want := range map[string]string{"The Ledger": "The Ledger", "https://www.ledger.example": "",
		"Ledger | Local news since 1901": "Ledger", "Caf&eacute; Times": "Café Times"} {
		if got := siteName(in); got != want {
			t.Errorf("siteName(%q) = %q, want %q", in, got, want)
		}
	}
}
