package keys_test

import (
	"regexp"
	"testing"

	"github.com/copydesk/copydesk/internal/keys"
)

func TestValidQueueMatchesPattern(t *testing.T) {
	re := regexp.MustCompile(keys.QueuePattern)
	for _, q := range []string{"default", "low", "default.0", "feeds:low", "a_b-c", "", "}x", "{x}", "Default", "a b", "é", "x\n"} {
		if got, want := keys.ValidQueue(q), re.MatchString(q); got != want {
			t.Errorf("ValidQueue(%q) = %v, pattern says %v", q, got, want)
		}
	}
}

func TestArticleKeysShareTheirHashTag(t *testing.T) {
	k := keys.New("")
	for _, key := range []string{k.Article("abc"), k.Announced("abc"), k.Fingerprint("abc")} {
		if !regexp.MustCompile(`^copydesk:article:\{abc\}`).MatchString(key) {
			t.Errorf("%s does not carry the article's hash tag", key)
		}
	}
}
