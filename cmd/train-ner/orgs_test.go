package main

import (
	"testing"

	"github.com/copydesk/copydesk/internal/ner/corpus"
)

func TestOrgLexicon(t *testing.T) {
	sents := []corpus.Sentence{
		{Words: []string{"The", "World", "Bank", "and", "Apple", "said"}, Labels: []string{"O", "B-ORG", "I-ORG", "O", "B-ORG", "O"}},
		{Words: []string{"Apple", "and", "Paris", "and", "apple"}, Labels: []string{"B-ORG", "O", "B-LOC", "O", "B-ORG"}},
		{Words: []string{"Jordan", "Jordan", "Jordan"}, Labels: []string{"B-ORG", "B-LOC", "B-PER"}},
	}
	got := orgLexicon(sents)
	want := []orgName{{"Apple", 2, 2, false}, {"World Bank", 1, 1, false}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %v, want %v", got[i], want[i])
		}
	}
}

func TestAddCompanies(t *testing.T) {
	sents := []corpus.Sentence{{Words: []string{"the", "current", "rate"}}}
	names := []orgName{{"Apple", 2, 2, false}, {"World Bank", 1, 1, false}}
	got := addCompanies(names, []string{"Apple", "Toyota", "Current", "x", "A"}, sents)
	want := []orgName{{"Apple", 2, 2, true}, {"Toyota", 0, 0, true}, {"World Bank", 1, 1, false}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %v, want %v", got[i], want[i])
		}
	}
}

func TestTrainedNames(t *testing.T) {
	per := []string{"B-PER", "I-PER", "O"}
	sents := []corpus.Sentence{
		{Words: []string{"Barack", "Obama", "spoke"}, Labels: per},
		{Words: []string{"Barack", "Obama", "left"}, Labels: per},
		{Words: []string{"Mitt", "Romney", "won"}, Labels: per}, // once only
		{Words: []string{"Walter", "Reed", "hospital"}, Labels: per},
		{Words: []string{"Walter", "Reed", "hospital"}, Labels: []string{"B-LOC", "I-LOC", "O"}},
		{Words: []string{"Hope", "Hicks", "and", "hope"}, Labels: []string{"B-PER", "I-PER", "O", "O"}},
		{Words: []string{"Hope", "Hicks", "said"}, Labels: per},
		{Words: []string{"Duchess", "Kate", "said"}, Labels: per},
		{Words: []string{"Duchess", "Kate", "left"}, Labels: per},
		{Words: []string{"John", "Smith", "said"}, Labels: per},
		{Words: []string{"John", "Smith", "left"}, Labels: per},
	}
	got := trainedNames(sents, []string{"john"})
	if len(got) != 1 || got[0] != "Barack" {
		t.Errorf("trainedNames = %q, want [Barack]", got)
	}
}
