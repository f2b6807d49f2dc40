// Package extract finds the main text and the metadata of a news page.
//
// The main text comes from two libraries, go-trafilatura (without its own
// fallbacks) and go-readability, combined block by block:
//
//  1. The page is parsed once and rendered into blocks (paragraphs, list
//     items, headings, table rows, double-<br> breaks) with the source's own
//     spacing: whitespace is kept exactly where the markup has it, so words
//     are neither glued together at the edges of inline elements nor split
//     by padding. A line break stays a "\n" inside its paragraph.
//  2. Each library's output is mapped back onto those blocks by matching
//     its text with all spaces removed against the page's text with all
//     spaces removed, whole paragraphs first, then runs of words. This both
//     repairs the spacing the libraries lose and says which blocks each of
//     them chose.
//  3. Blocks both libraries chose are kept. A block only one of them chose
//     is kept when it has the same tag inside the same kind of container
//     (tags, classes and ids of its parent and grandparent) as agreed
//     blocks of real paragraph length: stories split over several
//     containers stay whole. When the libraries chose different texts, the
//     one with more clean body text wins.
//  4. Boilerplate goes: the headline repeated above the text, lead-ins to
//     lists of links ("Related:", "Read more: …", "Lee también"), short
//     all-link blocks and lines (links to other articles), newsletter and
//     app prompts, share bars, "Advertisement", copyright, agency and photo
//     credits, reading times, tag lists and unrendered shortcodes. Only
//     short blocks (40 words at most) are judged, so a paragraph that
//     mentions a newsletter stays.
//
// Metadata comes from the page's JSON-LD article object, its meta tags
// (Open Graph, Dublin Core, article:*), <link rel=canonical>, <html lang>
// and microdata, with what the libraries found as fallback.
//
// Quality is measured by cmd/eval-extract on the article extraction
// benchmark (181 pages) with the benchmark's scoring, which package shingle
// implements.
//
// Limits: pages over Options.MaxBytes are refused before any work, and
// pages nesting deeper than Options.MaxDepth are refused after a tokenizer
// pass that builds no tree, so a hostile page costs little. Extract never
// panics on any input: a panic inside a library counts as that library
// finding nothing.
package extract
