// Package feed parses RSS 0.9x, 1.0 and 2.0, Atom and JSON Feed documents
// into a short list of items worth fetching, and canonicalises URLs for
// task ids and "seen" keys.
//
// Parsing is done by github.com/mmcdole/gofeed on a body the caller has
// already fetched and capped; this package never touches the network.
// Before gofeed sees the body, Parse repairs what real feeds get wrong:
// byte-order marks, UTF-16, wrong or non-UTF-8 declared encodings, invalid
// UTF-8 bytes, characters XML forbids, and truncation; it also refuses
// absurd nesting, which gofeed does not limit. Output is deterministic.
package feed
