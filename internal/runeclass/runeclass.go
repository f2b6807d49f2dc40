// Package runeclass holds the rune tests that the word loops of several
// pipeline stages share.
package runeclass

// GeneralPunct reports whether r is in the General Punctuation block
// (U+2000–U+206F: curly quotes, dashes, "…", spaces, format characters),
// which holds no letter, digit, mark or cased character: the common
// non-ASCII runes of news copy skip the Unicode tables.
func GeneralPunct(r rune) bool { return 0x2000 <= r && r <= 0x206f }
