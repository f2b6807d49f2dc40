// Package gazetteer holds the dictionaries behind named-entity recognition:
// places (countries, country aliases, first-level regions and cities from
// GeoNames, with ISO 3166-1 alpha-2 codes and coordinates), nationality
// adjectives, given names and common lower-case English words, plus small
// hand-written lists of title, organisation and place cue words.
//
// Build writes the compact gzip file that Load reads back; Annotate marks
// the tokens of a sentence with tagger.Gaz* flags and reports multi-word
// place and nationality matches.
package gazetteer
