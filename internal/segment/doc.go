// Package segment splits cleaned news text into sentences.
//
// Sentences is a hand-written scanner tuned for news copy: it knows the
// titles and abbreviations of wire style (Mr., Gen., Sen., Jan., U.S.,
// U.N., a.m.), initials (J. R. R. Tolkien), sentences that end inside
// closing quotes or brackets, and ellipses, including the bracketed "(…)"
// and "[…]" that mark cuts inside a quotation. It never lets a sentence
// cross a paragraph break ("\n\n").
//
// The scanner replaced github.com/neurosnap/sentences, which is accurate
// but cost about 0.6 ms and 1,250 allocations per 5 KB article on the
// reference machine, several times the budget of the whole pipeline; see
// BenchmarkNeurosnap in the tests for the comparison.
package segment
