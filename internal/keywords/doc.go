// Package keywords extracts the key phrases of an article.
//
// Candidates are noun-phrase-like runs of words between stopwords and
// punctuation: runs of capitalised words ("White House National Security
// Council") and adjective/noun runs ("military offensive"), trimmed of the
// verb-like words at their edges. Word variants are merged with the
// Snowball English stemmer and each phrase is shown in its most frequent
// surface form. Phrases are scored by TF-IDF against a background model of
// document frequencies built from open corpora (background.tsv.gz, see
// ATTRIBUTION.md; rebuild it with `go run ./internal/keywords/gen`), and a
// phrase that is part of, or contains, a better-scored phrase is dropped.
//
// Extract is pure, deterministic and safe for concurrent use. The embedded
// model is parsed once, on first use.
package keywords
