package ner

import (
	"github.com/copydesk/copydesk/internal/ner/gazetteer"
	"github.com/copydesk/copydesk/internal/ner/tagger"
)

// Internals exposes the model and gazetteer of r to the evaluation
// command, which scores the tagger on its own.
func Internals(r *Recognizer) (*tagger.Model, *gazetteer.Gazetteer) { return r.model, r.gaz }
