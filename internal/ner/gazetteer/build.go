package gazetteer

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// BigCity is the population from which a city counts as well known.
const BigCity = 1_000_000

// Sources are the inputs of Build.
type Sources struct {
	// Dir is the shared data directory holding geonames/ and demonyms/.
	Dir string
	// FirstNames are given names (any case).
	FirstNames []string
	// Common are frequent lower-case English words.
	Common []string
	// Lowercase are all words seen in lower case in the training text;
	// a place name among them is never trusted in lower case.
	Lowercase []string
	// CountryNames are "name<TAB>ISO2" lines (a header "alias<TAB>iso2"
	// may come first) of country names and abbreviations in other
	// languages ("Estados Unidos", "Alemanha", "EE.UU.").
	CountryNames []string
	// PlaceGivenNames keeps the given names that are also names of
	// countries, regions and big cities ("Sofia", "Victoria", "Jordan");
	// without it they are places only.
	PlaceGivenNames bool
}

// regions are continents and regions that news names without a country.
const regions = `Africa
Asia
Europe
North America
South America
Latin America
Central America
Oceania
Antarctica
Middle East
Far East
Near East
Southeast Asia
South Asia
Central Asia
East Asia
West Africa
East Africa
North Africa
Southern Africa
Sub-Saharan Africa
Horn of Africa
Sahel
Balkans
Caucasus
Scandinavia
Baltics
Mediterranean
Caribbean
Arctic
Pacific
Atlantic
Persian Gulf
Gulf of Mexico
Gaza Strip
West Bank
Kashmir
Crimea
Donbas
Siberia
Patagonia
Amazon basin
Indo-Pacific
Western Europe
Eastern Europe
Central Europe`

// lowerUnsafe are place names that are also English words or names.
var lowerUnsafe = words(`turkey chad jordan georgia china japan guinea niger cuba male victoria nice split mobile
reading bath sale march nancy florence austin eugene charlotte phoenix orange lima sofia santiago`)

type builder struct {
	w      *bufio.Writer
	nPlace int
	common map[string]bool
	first  map[string]bool
	seen   map[string]bool // place id + alias, to drop duplicates
	// placeNames are lower-case names of countries, regions and big cities
	placeNames map[string]bool
}

// compassNames are the compass words that start place names ("north"):
// place names from the start, and never given names.
var compassNames = words("north south east west central")

func (b *builder) place(name string, kind Kind, cc, lat, lon string, pop int64, big bool) int {
	flags := ""
	if big {
		flags += "b"
	}
	lw := strings.ToLower(name)
	if b.common[lw] || b.first[lw] {
		flags += "r"
	}
	fmt.Fprintf(b.w, "P\t%s\t%d\t%s\t%s\t%s\t%d\t%s\n", name, kind, cc, lat, lon, pop, flags)
	if kind == Country || big {
		b.placeNames[lw] = true
	}
	b.nPlace++
	return b.nPlace - 1
}

func (b *builder) alias(name string, id int, flags string) {
	name = strings.TrimSpace(name)
	// a leading article is never part of a mention ("the U.S.", "The Hague")
	if len(name) > 4 && (strings.HasPrefix(name, "The ") || strings.HasPrefix(name, "the ")) {
		name = name[4:]
	}
	if name == "" || strings.ContainsAny(name, "\t\n") {
		return
	}
	k := strconv.Itoa(id) + "\x00" + name
	if b.seen[k] {
		return
	}
	b.seen[k] = true
	fmt.Fprintf(b.w, "A\t%s\t%d\t%s\n", name, id, flags)
}

func readTSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var rows [][]string
	head := true
	for sc.Scan() {
		if head {
			head = false
			continue
		}
		rows = append(rows, strings.Split(sc.Text(), "\t"))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
}

func latinName(s string) bool {
	if len(s) < 4 {
		return false
	}
	letters, upper := 0, 0
	for _, r := range s {
		switch {
		case r > 0x24f:
			return false
		case unicode.IsLetter(r):
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		case r == ' ' || r == '-' || r == '\'' || r == '.':
		default:
			return false
		}
	}
	first := []rune(s)[0]
	return unicode.IsUpper(first) && upper < letters
}

// Build reads GeoNames places, country aliases and demonyms from src.Dir
// and writes the gazetteer to w (gzip). The output is deterministic.
func Build(src Sources, w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("gzip: %w", err)
	}
	b := &builder{w: bufio.NewWriter(zw), common: map[string]bool{}, first: map[string]bool{}, seen: map[string]bool{},
		placeNames: maps.Clone(compassNames)}
	for _, c := range src.Common {
		b.common[strings.ToLower(c)] = true
	}
	for _, f := range src.FirstNames {
		b.first[strings.ToLower(f)] = true
	}
	seenLower := map[string]bool{}
	for _, w := range src.Lowercase {
		seenLower[w] = true
	}
	geo := filepath.Join(src.Dir, "geonames")
	// countries
	rows, err := readTSV(filepath.Join(geo, "countries.tsv"))
	if err != nil {
		return fmt.Errorf("countries: %w", err)
	}
	country := map[string]int{}
	var capitals = map[string]bool{}
	lowerOK := func(name string) string {
		lw := strings.ToLower(name)
		if len(lw) < 4 || strings.ContainsAny(lw, " .-'") || b.common[lw] || b.first[lw] || seenLower[lw] || lowerUnsafe[lw] {
			return ""
		}
		return "l"
	}
	for _, r := range rows {
		if len(r) < 20 || r[0] == "CS" || r[0] == "AN" {
			continue
		}
		name := strings.TrimPrefix(r[4], "The ")
		lat, lon := r[17], r[18]
		if lat == "" {
			lat, lon = r[15], r[16]
		}
		pop, _ := strconv.ParseInt(r[7], 10, 64)
		id := b.place(name, Country, r[0], lat, lon, pop, true)
		country[r[0]] = id
		capitals[r[14]] = true
		b.alias(name, id, lowerOK(name))
		b.alias(r[4], id, "")
	}
	rows, err = readTSV(filepath.Join(geo, "country_aliases.tsv"))
	if err != nil {
		return fmt.Errorf("country aliases: %w", err)
	}
	for _, r := range rows {
		if len(r) < 2 {
			continue
		}
		id, ok := country[r[1]]
		if !ok {
			continue
		}
		flags := ""
		if isShortCaps(r[0]) {
			flags = "x"
		}
		b.alias(r[0], id, flags)
	}
	// country names in Spanish and Portuguese, for translated copy; none
	// that is an English word or a given name ("Chad" stays a name)
	for _, line := range src.CountryNames {
		f := strings.Split(line, "\t")
		if len(f) < 2 || f[0] == "alias" {
			continue // a file's header
		}
		id, ok := country[f[1]]
		if lw := strings.ToLower(f[0]); !ok || b.common[lw] || b.first[lw] || seenLower[lw] {
			continue
		}
		b.alias(f[0], id, "")
	}
	// cities (sorted by population already)
	rows, err = readTSV(filepath.Join(geo, "cities15000.tsv.gz"))
	if err != nil {
		return fmt.Errorf("cities: %w", err)
	}
	for _, r := range rows {
		if len(r) < 12 {
			continue
		}
		pop, _ := strconv.ParseInt(r[9], 10, 64)
		big := pop >= BigCity || r[5] == "PPLC" || capitals[r[0]]
		id := b.place(r[1], City, r[6], r[3], r[4], pop, big)
		lf := ""
		if big {
			lf = lowerOK(r[1])
		}
		if big || len(r[1]) >= 4 {
			b.alias(r[1], id, lf)
			b.alias(r[2], id, lf)
		}
		if big && r[11] != "" {
			for _, a := range strings.Split(r[11], ",") {
				if latinName(a) && !b.common[strings.ToLower(a)] {
					b.alias(a, id, "")
				}
			}
		}
	}
	rows, err = readTSV(filepath.Join(geo, "admin1.tsv"))
	if err != nil {
		return fmt.Errorf("admin1: %w", err)
	}
	for _, r := range rows {
		if len(r) < 10 {
			continue
		}
		id := b.place(r[3], Admin1, r[1], r[8], r[9], 0, false)
		b.alias(r[3], id, "")
		b.alias(r[4], id, "")
	}
	// continents and regions (hand-written list)
	for _, r := range strings.Split(regions, "\n") {
		if r = strings.TrimSpace(r); r != "" {
			id := b.place(r, Region, "", "", "", 0, true)
			b.alias(r, id, "")
		}
	}
	// demonyms: one entry per form, the preferred country first
	rows, err = readTSV(filepath.Join(src.Dir, "demonyms", "demonyms.tsv"))
	if err != nil {
		return fmt.Errorf("demonyms: %w", err)
	}
	dem := map[string]string{}
	var forms []string
	for _, r := range rows {
		if len(r) < 7 || r[2] == "attributive_place_name" || r[1] == "EU" {
			continue
		}
		cur, ok := dem[r[0]]
		if !ok {
			forms = append(forms, r[0])
		}
		if !ok || (cur != r[1] && strings.Contains(r[5], "preferred reading")) {
			dem[r[0]] = r[1]
		}
	}
	sort.Strings(forms)
	for _, f := range forms {
		id := b.place(f, Demonym, dem[f], "", "", 0, false)
		b.alias(f, id, "")
	}
	// given names (minus place names: "Washington", "Georgia", "North",
	// unless PlaceGivenNames) and common words
	var fn []string
	for _, f := range src.FirstNames {
		if lf := strings.ToLower(f); !b.placeNames[lf] || src.PlaceGivenNames && !compassNames[lf] {
			fn = append(fn, f)
		}
	}
	sort.Strings(fn)
	last := ""
	for _, f := range fn {
		if f != last && !strings.ContainsAny(f, "\t\n") {
			fmt.Fprintf(b.w, "F\t%s\n", f)
		}
		last = f
	}
	cw := append([]string(nil), src.Common...)
	sort.Strings(cw)
	last = ""
	for _, c := range cw {
		if c != last && !strings.ContainsAny(c, "\t\n") {
			fmt.Fprintf(b.w, "C\t%s\n", c)
		}
		last = c
	}
	if err := b.w.Flush(); err != nil {
		return fmt.Errorf("write gazetteer: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write gazetteer: %w", err)
	}
	return nil
}

func isShortCaps(s string) bool {
	if len(s) > 4 {
		return false
	}
	for _, r := range s {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}
