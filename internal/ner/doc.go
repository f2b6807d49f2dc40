// Package ner finds the people, organisations and locations named in an
// article and returns them as article.Entity records with canonical names,
// aliases, roles, mentions and, for places, country codes and coordinates.
//
// A Recognizer combines three layers:
//
//   - a statistical tagger (package tagger): an averaged structured
//     perceptron over BILOU tags with hashed lexical, shape, context and
//     gazetteer features, decoded with Viterbi; trained on the openly
//     licensed ner-en corpora by cmd/train-ner and embedded as model.bin.gz;
//   - a gazetteer (package gazetteer, embedded as gazetteer.tsv.gz): GeoNames
//     countries, aliases, regions and cities, nationality adjectives, given
//     names and cue words;
//   - rules that clean and complete the tagger's spans and make them
//     consistent across the article.
//
// # Conventions
//
// Mentions never include titles ("President"), honorifics ("Mr."), a
// leading "the", or a possessive "'s". Nationality adjectives ("Russian",
// "North Korean") are not entities. Country names are locations even when
// they stand for a government ("Russia said"); the same holds for capitals.
// "White House" is an organisation.
//
// Roles are the title words written next to a name, as written, without
// nationality or organisation: "Russian President Vladimir Putin" gives
// "President", "NATO Secretary General Jens Stoltenberg" gives "Secretary
// General", "the Minister of Defense, Andrei Belousov" gives "Minister of
// Defense", "Putin's diplomatic advisor, Yuri Ushakov" gives "diplomatic
// advisor".
//
// Canonical names: a person's shorter mention ("Putin", "Kim") joins the
// fullest name in the article that begins or ends with it; when several
// qualify ("Kim Jong Un", "Kim Jong Il") the most-mentioned, then the
// earliest, wins. A place is named by its fullest surface in the article,
// or by its gazetteer name when it only appears in lower case ("kyiv" →
// "Kyiv"). Aliases list every distinct surface used, in order of first use.
package ner
