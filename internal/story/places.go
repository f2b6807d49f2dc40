package story

import (
	_ "embed"
	"strings"
	"sync"
)

// countriesTxt lists country names and English aliases, lower-cased, one a
// line; lines starting with # are comments. See ATTRIBUTION.md.
//
//go:embed countries.txt
var countriesTxt string

// regions are continents, oceans and world regions that, like countries,
// appear in a large share of all news.
var regions = []string{
	"africa", "america", "americas", "antarctica", "arctic", "asia", "asia-pacific",
	"atlantic", "balkans", "baltic", "caribbean", "central america", "central asia",
	"east africa", "east asia", "eastern europe", "europe", "far east", "global south",
	"gulf", "horn of africa", "indian ocean", "indo-pacific", "latin america",
	"mediterranean", "middle east", "north africa", "north america", "northern europe",
	"oceania", "pacific", "persian gulf", "sahel", "scandinavia", "south america",
	"south asia", "southeast asia", "southern africa", "southern europe", "sub-saharan africa",
	"west", "west africa", "western europe", "world",
}

// agencies are news agencies, credited in wire copy about anything.
var agencies = map[string]bool{
	"afp": true, "agence france-presse": true, "agence france presse": true,
	"ap": true, "associated press": true, "the associated press": true,
	"reuters": true, "thomson reuters": true, "bloomberg": true, "bloomberg news": true,
	"dpa": true, "deutsche presse-agentur": true, "efe": true, "ansa": true,
	"xinhua": true, "xinhua news agency": true, "tass": true, "ria novosti": true,
	"interfax": true, "kyodo": true, "kyodo news": true, "yonhap": true,
	"yonhap news agency": true, "kcna": true, "korean central news agency": true,
	"pti": true, "press trust of india": true, "ani": true, "upi": true,
	"united press international": true, "anadolu": true, "anadolu agency": true,
	"europa press": true, "pa media": true, "aap": true, "australian associated press": true,
}

var (
	placesOnce sync.Once
	places     map[string]bool
)

// isUbiquitousPlace reports whether lower (a lower-cased location name) is
// a country, a continent or a world region.
func isUbiquitousPlace(lower string) bool {
	placesOnce.Do(func() {
		places = make(map[string]bool, 512)
		for line := range strings.Lines(countriesTxt) {
			line = strings.TrimSpace(line)
			if line != "" && !strings.HasPrefix(line, "#") {
				places[line] = true
			}
		}
		for _, r := range regions {
			places[r] = true
		}
	})
	if places[lower] {
		return true
	}
	// "the Netherlands", "the United States"
	if rest, ok := strings.CutPrefix(lower, "the "); ok {
		return places[rest]
	}
	return false
}
