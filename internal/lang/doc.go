// Package lang identifies the language of an article and finds the
// passages in it that are written in another language, such as an
// untranslated "[a Corea del Norte]" left in copy translated from Spanish.
//
// Detection works on function words (stopwords) first: for the Latin-script
// languages news copy mostly comes in (English, Spanish, Portuguese, French,
// Italian, German, Dutch) they decide quickly and reliably, even on short
// spans where trigram models fail. Other scripts are recognised by their
// letters, and github.com/abadojack/whatlanggo settles what remains, on a
// bounded sample because its cost grows with the text.
//
// All functions are pure, deterministic and safe for concurrent use.
package lang
