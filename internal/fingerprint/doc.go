// Package fingerprint computes the content fingerprints of an article: a
// normalised form of the text, its SHA-256 content hash and a 64-bit SimHash
// for near-duplicate detection.
//
// All functions are pure, deterministic and safe for concurrent use.
package fingerprint
