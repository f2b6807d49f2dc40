package runeclass

import (
	"testing"
	"unicode"
)

// TestGeneralPunct checks what the fast paths assume: the General
// Punctuation block holds no letter, digit, mark or cased character.
func TestGeneralPunct(t *testing.T) {
	for r := rune(0x2000); r <= 0x206f; r++ {
		if !GeneralPunct(r) || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsUpper(r) || unicode.IsLower(r) ||
			unicode.In(r, unicode.Mn, unicode.Mc) || unicode.ToLower(r) != r {
			t.Errorf("%U", r)
		}
	}
	for _, r := range []rune{0x1fff, 0x2070, 'a', '"'} {
		if GeneralPunct(r) {
			t.Errorf("%U is outside the block", r)
		}
	}
}
