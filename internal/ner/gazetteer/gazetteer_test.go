package gazetteer

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"

	"github.com/copydesk/copydesk/internal/ner/tagger"
)

func writeFile(t *testing.T, path, content string, gz bool) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if gz {
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(content))
		zw.Close()
	} else {
		b.WriteString(content)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBuildLoad builds a gazetteer from a miniature data directory and
// checks lookups, case rules, nationality adjectives and flags.
func TestBuildLoad(t *testing.T) {
	dir := t.TempDir()
	geo := filepath.Join(dir, "geonames")
	writeFile(t, filepath.Join(geo, "countries.tsv"),
		"iso2\tiso3\tiso_numeric\tfips\tname\tcapital\tarea_km2\tpopulation\tcontinent\ttld\tcurrency_code\tlanguages\tgeonameid\tneighbours\tcapital_geonameid\tcapital_lat\tcapital_lon\tcentroid_lat\tcentroid_lon\tcentroid_source\tne_name\n"+
			"UA\tUKR\t804\tUP\tUkraine\tKyiv\t603700\t44622516\tEU\t.ua\tUAH\tuk\t690791\t\t703448\t50.45\t30.52\t49.0\t31.0\tne\tUkraine\n"+
			"US\tUSA\t840\tUS\tUnited States\tWashington\t9629091\t327167434\tNA\t.us\tUSD\ten\t6252001\t\t4140963\t38.89\t-77.03\t39.5\t-98.5\tne\tUnited States\n"+
			"TR\tTUR\t792\tTU\tTurkey\tAnkara\t780580\t82319724\tAS\t.tr\tTRY\ttr\t298795\t\t323786\t39.9\t32.8\t39.0\t35.0\tne\tTurkey\n", false)
	writeFile(t, filepath.Join(geo, "country_aliases.tsv"), "alias\tiso2\tsource\nUS\tUS\tcurated\nthe U.S.\tUS\tcurated\n", false)
	writeFile(t, filepath.Join(geo, "cities15000.tsv.gz"),
		"geonameid\tname\tasciiname\tlatitude\tlongitude\tfeature_code\tcountry_code\tadmin1_code\tadmin2_code\tpopulation\ttimezone\talternatenames\n"+
			"703448\tKyiv\tKyiv\t50.45\t30.52\tPPLC\tUA\t12\t\t2797553\tEurope/Kyiv\tKiev,Kyjiw\n"+
			"4140963\tWashington\tWashington\t38.89\t-77.03\tPPLC\tUS\tDC\t\t689545\tAmerica/New_York\t\n", true)
	writeFile(t, filepath.Join(geo, "admin1.tsv"), "code\tiso2\tadmin1_code\tname\tasciiname\tgeonameid\tseat_geonameid\tseat_name\tseat_lat\tseat_lon\tseat_kind\n", false)
	writeFile(t, filepath.Join(dir, "demonyms", "demonyms.tsv"),
		"form\tiso2\tkind\tterritory\tsource\tnote\tambiguous_with\nUkrainian\tUA\tadjective\tUkraine\twikipedia\t\t\n", false)
	var buf bytes.Buffer
	err := Build(Sources{Dir: dir, FirstNames: []string{"Alice", "Washington"}, Common: []string{"the", "said"}, Lowercase: []string{"turkey"}}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if ids := g.Lookup([]string{"Kiev"}); len(ids) != 1 || g.Places[ids[0]].Name != "Kyiv" || !g.Places[ids[0]].Big {
		t.Errorf("Kiev → %v", ids)
	}
	if ids := g.Lookup([]string{"us"}); len(ids) != 0 {
		t.Error("lower-case us matched the case-sensitive alias US")
	}
	if ids := g.Lookup([]string{"U.S."}); len(ids) != 1 || g.Places[ids[0]].Country != "US" {
		t.Errorf("U.S. (alias given as 'the U.S.') → %v", ids)
	}
	if g.LowerPlace("kyiv") < 0 || g.LowerPlace("turkey") >= 0 {
		t.Error("lower-case trust: kyiv must be trusted, turkey must not")
	}
	if g.IsFirstName("Washington") || !g.IsFirstName("Alice") {
		t.Error("place names must be dropped from the given names")
	}
	// the shipped gazetteer keeps them as given names too, compass words aside
	var kept bytes.Buffer
	if err := Build(Sources{Dir: dir, FirstNames: []string{"Alice", "Washington", "North"}, PlaceGivenNames: true}, &kept); err != nil {
		t.Fatal(err)
	}
	gk, err := Load(bytes.NewReader(kept.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !gk.IsFirstName("Washington") || gk.IsFirstName("North") || len(gk.Lookup([]string{"Washington"})) != 1 {
		t.Error("PlaceGivenNames: Washington must be a given name and a place, North no given name")
	}
	words := []string{"Ukrainian", "President", "Alice", "flew", "to", "Kyiv", "and", "the", "US"}
	flags := make([]uint32, len(words))
	ms := g.Annotate(words, flags, nil)
	if len(ms) != 3 {
		t.Fatalf("matches %+v", ms)
	}
	if flags[0]&tagger.GazDemonym == 0 || flags[1]&tagger.GazTitle == 0 || flags[2]&tagger.GazFirstName == 0 ||
		flags[5]&(tagger.GazPlaceB|tagger.GazBigCity) != tagger.GazPlaceB|tagger.GazBigCity || flags[8]&tagger.GazCountry == 0 ||
		flags[7]&tagger.GazCommon == 0 {
		t.Errorf("flags %b", flags)
	}
}
