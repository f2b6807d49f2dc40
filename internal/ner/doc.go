// Package ner finds the people, organisations and locations named in an
// article and returns them as article.Entity records with canonical names,
// aliases, roles, mentions and, for places, country codes and coordinates.
//
// A Recognizer combines three layers:
//
//   - a statistical tagger (package tagger): an averaged structured
//     perceptron over BILOU tags with hashed lexical, shape, context and
//     gazetteer features, decoded with Viterbi over the capitalised stretches
//     of each sentence; trained on the openly licensed ner-en corpora by
//     cmd/train-ner and embedded as model.bin.gz;
//   - a gazetteer (package gazetteer, embedded as gazetteer.tsv.gz): GeoNames
//     countries, aliases, regions and cities, continents and regions,
//     nationality adjectives, given names, common words and cue words;
//   - an organisation lexicon (orgs.tsv.gz): the ORG names of the ner-en
//     training files seen at least twice or made of several words, and a
//     list of company names, built by cmd/train-ner;
//   - known.txt, a list written for this package of names whose type the
//     context rarely settles: news outlets, sports clubs and divisions,
//     agencies with "and" in their names, people named by surname alone,
//     places that look like organisations and competitions (events, not
//     entities); names that are also common words count only beside
//     another name of their group or after a source cue;
//   - rules that clean and complete the tagger's spans and make them
//     consistent across the article (see stages in ner.go): trimming,
//     gazetteer and organisation-cue names, lower-case capitals after a
//     preposition ("to kyiv"), organisation contexts ("Apple CEO Tim Cook",
//     "the automaker Nissan"), types along lists, one type per name in the
//     article, surnames, single words that no full name, title or given name
//     supports (taken for organisations), events, currencies and headlines;
//     lexicon names, datelines and "City, St." places, risky city names
//     after "in", "the Xs" teams, "the X" for a longer organisation ending
//     in X, "(ACR)" after the organisation it abbreviates, and hyphenated
//     place compounds ("US-China", not an entity); teams and players around
//     sports positions and scores ("Pittsburgh center Maurkice Pouncey"),
//     offices ("the New York State Attorney General"), company names used
//     by their first word ("Carlyle"), places by shape (before "district"
//     or "camp", venues, streets, "al-Tanf", a state's initials, a
//     residence after an age), offices ("the County Sheriff’s Department"),
//     institutions, given names after kinship nouns ("his wife,
//     Kimberly"), and names that are products, works, celestial bodies,
//     market indices or common words.
//
// # Conventions
//
// Mentions never include titles ("President"), honorifics ("Mr."), a
// leading "the", or a possessive "'s". Nationality adjectives ("Russian",
// "North Korean") are not entities, and are not part of a person's or
// place's mention; an organisation's name keeps one ("Russian Presidency",
// "Nigerian Senate"). Country names are locations even when they stand for
// a government or a team ("Russia said"); the same holds for capitals.
// "White House" is an organisation. Events ("Davis Cup Finals", "LA Auto
// Show"), products, works, celestial bodies and currencies ("Hong Kong
// dollars") are not entities and hide the names inside them.
//
// Roles are the title words written next to a name, as written, without
// nationality or organisation: "Russian President Vladimir Putin" gives
// "President", "NATO Secretary General Jens Stoltenberg" gives "Secretary
// General", "the Minister of Defense, Andrei Belousov" gives "Minister of
// Defense", "Putin's diplomatic advisor, Yuri Ushakov" gives "diplomatic
// advisor", "John Kirby, the White House spokesman," gives "spokesman".
//
// Canonical names: a person's shorter mention ("Putin", "Kim") joins the
// fullest name in the article that begins or ends with it; when several
// qualify ("Kim Jong Un", "Kim Jong Il") the most-mentioned, then the
// earliest, wins. An acronym joins the organisation whose initials it is,
// and an organisation's trailing words join the full name ("Security
// Council" → "UN Security Council"). A place is one entity per gazetteer
// entry, named by its longest surface in the article, or by its gazetteer
// name when it only appears in lower case ("kyiv" → "Kyiv"); it gets the
// entry's country and coordinates (a country's representative point, else
// its capital; a city's own point; the most populous match, preferring
// countries the article names). Aliases list every distinct surface used,
// in order of first use.
//
// Offsets are byte offsets into the text given to Entities and always fall
// on UTF-8 sequence boundaries.
package ner
