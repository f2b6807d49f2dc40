// Package corpus reads the ner-en token/tag files (../shared/data/ner-en)
// and fixes which of them are used for training, development and testing.
package corpus
