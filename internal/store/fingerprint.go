package store

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/copydesk/copydesk/internal/story"
)

// The fingerprint is read for every duplicate and story candidate, so it is
// stored as tab-separated fields rather than JSON, which cost a third of
// the store's CPU to decode. Lists inside a field are separated by \x1f.
const (
	fpVersion  = "f1"
	fpFields   = 11
	fpListSep  = "\x1f"
	fpFieldSep = "\t"
)

var errBadFingerprint = errors.New("bad fingerprint")

var fpClean = strings.NewReplacer("\t", " ", "\x1f", " ")

func (fp *fingerprint) encode() string {
	var b strings.Builder
	b.Grow(256)
	put := func(s string) { b.WriteString(fpFieldSep); b.WriteString(fpClean.Replace(s)) }
	putList := func(ss []string) { b.WriteString(fpFieldSep); b.WriteString(joinClean(ss)) }
	b.WriteString(fpVersion)
	put(fp.SimHash)
	put(fp.ContentHash)
	put(strconv.FormatInt(fp.Time, 10))
	put(strconv.FormatInt(fp.FirstSeen, 10))
	dup := ""
	if fp.DuplicateOf != nil {
		dup = *fp.DuplicateOf
	}
	put(dup)
	var st story.Features
	if fp.Story != nil {
		st = *fp.Story
	}
	put(st.ID)
	t := ""
	if !st.Time.IsZero() {
		t = strconv.FormatInt(st.Time.UnixMilli(), 10)
	}
	put(t)
	put(st.StoryID)
	putList(st.Entities)
	putList(st.Keywords)
	return b.String()
}

func joinClean(ss []string) string {
	c := make([]string, len(ss))
	for i, s := range ss {
		c[i] = fpClean.Replace(s)
	}
	return strings.Join(c, fpListSep)
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, fpListSep)
}

// decodeFingerprint reads the tab-separated form, and JSON for
// fingerprints written before it.
func decodeFingerprint(b []byte) (*fingerprint, error) {
	if len(b) > 0 && b[0] == '{' {
		var fp fingerprint
		if err := json.Unmarshal(b, &fp); err != nil {
			return nil, err
		}
		return &fp, nil
	}
	f := strings.Split(string(b), fpFieldSep)
	if len(f) != fpFields || f[0] != fpVersion {
		return nil, errBadFingerprint
	}
	fp := &fingerprint{SimHash: f[1], ContentHash: f[2]}
	var err error
	if fp.Time, err = strconv.ParseInt(f[3], 10, 64); err != nil {
		return nil, errBadFingerprint
	}
	if fp.FirstSeen, err = strconv.ParseInt(f[4], 10, 64); err != nil {
		return nil, errBadFingerprint
	}
	if f[5] != "" {
		d := f[5]
		fp.DuplicateOf = &d
	}
	st := &story.Features{ID: f[6], StoryID: f[8], Entities: splitList(f[9]), Keywords: splitList(f[10])}
	if f[7] != "" {
		ms, err := strconv.ParseInt(f[7], 10, 64)
		if err != nil {
			return nil, errBadFingerprint
		}
		st.Time = time.UnixMilli(ms).UTC()
	}
	fp.Story = st
	return fp, nil
}
