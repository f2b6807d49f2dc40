// Package tagger is the statistical core of named-entity recognition: a
// tokenizer that keeps byte offsets, hashed token features, and a
// linear-chain model over BILOU tags (PER, ORG, LOC) trained as an averaged
// structured perceptron and decoded with Viterbi.
//
// Features are 64-bit hashes of (template, value) pairs computed without
// building strings, so tagging allocates only its scratch buffers. A trained
// model is a compact hash table of int16 weight rows plus a transition
// matrix, serialised with Write and read back with Read.
package tagger
