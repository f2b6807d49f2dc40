package store

import (
	"reflect"
	"testing"
	"time"

	"github.com/copydesk/copydesk/internal/story"
)

func TestFingerprintRoundTrip(t *testing.T) {
	dup := "00000000000000aa"
	cases := []fingerprint{
		{SimHash: "0123456789abcdef", ContentHash: "h", Time: 1718784000000, FirstSeen: 1718784000123},
		{SimHash: "0123456789abcdef", ContentHash: "h", Time: 1, FirstSeen: 2, DuplicateOf: &dup,
			Story: &story.Features{ID: "00000000000000bb", Time: time.UnixMilli(1718784000000).UTC(), StoryID: "s",
				Entities: []string{"person:Vladimir Putin", "location:North Korea"}, Keywords: []string{"visit", "nuclear-arm countri"}}},
	}
	for _, c := range cases {
		got, err := decodeFingerprint([]byte(c.encode()))
		if err != nil {
			t.Fatal(err)
		}
		if got.encode() != c.encode() || got.Time != c.Time || got.FirstSeen != c.FirstSeen ||
			(c.DuplicateOf != nil) != (got.DuplicateOf != nil) {
			t.Errorf("round trip:\n got %+v %+v\nwant %+v %+v", *got, got.Story, c, c.Story)
		}
		if c.Story != nil && (!got.Story.Time.Equal(c.Story.Time) || !reflect.DeepEqual(got.Story.Entities, c.Story.Entities)) {
			t.Errorf("story features: got %+v, want %+v", got.Story, c.Story)
		}
	}
	// Separators inside names cannot break the fields.
	odd := fingerprint{Story: &story.Features{Entities: []string{"person:A\tB", "org:C\x1fD"}}}
	got, err := decodeFingerprint([]byte(odd.encode()))
	if err != nil || len(got.Story.Entities) != 2 || got.Story.Entities[0] != "person:A B" || got.Story.Entities[1] != "org:C D" {
		t.Fatalf("odd names: %+v, %v", got, err)
	}
	// JSON written by earlier versions still reads.
	if fp, err := decodeFingerprint([]byte(`{"s":"0123456789abcdef","c":"h","t":5,"f":6}`)); err != nil || fp.Time != 5 {
		t.Fatalf("json fingerprint: %+v, %v", fp, err)
	}
	for _, bad := range []string{"", "f1\tx", "f2\t\t\t\t\t\t\t\t\t\t", "f1\ts\tc\tnot-a-number\t1\t\t\t\t\t\t"} {
		if _, err := decodeFingerprint([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
