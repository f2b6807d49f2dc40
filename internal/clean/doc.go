// Package clean turns raw news copy into clean body text.
//
// Clean normalises line endings, spaces and control characters; removes
// boilerplate lines (promos such as ">>> See more: …", share bars, comment
// forms, bylines and photo credits, the "Source: URL" line) and reports each
// removal with its kind; repairs common typography damage (quotes glued to
// the next word, mismatched closing quotes, spaces before punctuation); and
// reports subheadings as spans of the cleaned text.
//
// Clean is a pure function: no I/O, deterministic, safe for concurrent use,
// and it never panics, whatever its input.
package clean
