// Package shingle scores extracted article text against a reference text
// with the method of the public article extraction benchmark
// (scrapinghub/article-extraction-benchmark, evaluate.py):
//
//   - tokens are the \w+ runs of Python's regular expressions (letters,
//     numbers and underscores; combining marks split words), compared
//     case-sensitively, punctuation dropped;
//   - a text is the multiset of its 4-token shingles; a text of 1 to 3
//     tokens is one short shingle, an empty text none;
//   - per page, true and false positives and false negatives are counted
//     on the multisets and divided by their sum, so that long pages weigh
//     no more than short ones;
//   - corpus precision is the mean page precision over pages with a
//     prediction, recall the mean page recall over pages with gold text,
//     F1 the harmonic mean of the two means, and accuracy the share of
//     pages whose token list equals the gold one.
package shingle
