// Package summary picks the sentences that summarise an article.
//
// Summarize is extractive: it scores sentences by centrality (a TextRank
// over content-word overlap) blended with a lead bias, as news puts the
// essentials first, always keeps the lede, and returns the chosen sentences
// verbatim in text order. Headings, very short sentences and quotation
// fragments (a sentence that is only a quote, or a piece of a quotation
// that runs over several sentences) are never chosen.
//
// Summarize is pure, deterministic and safe for concurrent use.
package summary
