// Package story groups articles into stories, the way enriched news APIs
// group reprints of one wire report and the follow-ups on the same event.
//
// The package is pure: it reads no Redis and keeps no state. The store
// keeps Features per article, finds candidates (recent articles that share
// at least one entity) through its entity index, and calls Assign:
//
//	f := story.Extract(rec, t)
//	id, score := story.Assign(f, candidates, story.Options{})
//
// Score compares two articles by their salient entities (people and
// organisations weigh more than places; countries, continents and news
// agencies, which link unrelated stories, weigh little) and by their stemmed
// key phrases, and decays with the time between them.
//
// The default threshold was chosen on a labelled set of invented articles
// in testdata/articles.jsonl, processed by the real pipeline; run the
// evaluation with
//
//	go test -run TestStoryEvaluation -v ./internal/story
//
// It prints pairwise precision, recall and F1 on the tuning half and on the
// held-out half of the stories.
package story
